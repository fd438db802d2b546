using Nines.ControlPlane.Embedded;
using Nines.Networking.Trunks;

namespace Nines.Cli.Hosting;

/// <summary>How <see cref="ControllerHost"/> runs: what <c>nines up</c>'s options say.</summary>
internal sealed record ControllerHostOptions
{
    /// <summary>Where Kestrel listens when <c>--listen</c> and <c>NINES_LISTEN</c> say nothing.</summary>
    public const string DefaultListen = "127.0.0.1:7409";

    /// <summary>The data directory; null for <see cref="EmbeddedHostOptions.DefaultDataDirectory"/>.</summary>
    public string? DataDirectory { get; init; }

    /// <summary><c>HOST:PORT</c> or an <c>http://</c> URL; port 0 picks a free one (the record says which).</summary>
    public string Listen { get; init; } = DefaultListen;

    public EmbeddedDriverKind Driver { get; init; } = EmbeddedDriverKind.Qemu;

    /// <summary>The namespace the host side of scenarios runs in (created when missing), or null for the root namespace.</summary>
    public string? NetworkNamespace { get; init; }

    /// <summary>
    /// The cluster's store (<c>etcd://HOST:PORT[,…]</c>); null for the embedded control plane with its SQLite store and
    /// this machine as its only host.
    /// </summary>
    public string? Store { get; init; }

    /// <summary>The shared agent secret (cluster only); null for <c>DATA/agent.secret</c>, created when missing.</summary>
    public string? SecretFile { get; init; }

    /// <summary>Cluster only: also run a host agent registered as this name in the controller's process; null for none.</summary>
    public string? LocalAgentHost { get; init; }

    /// <summary>The uplink of <see cref="LocalAgentHost"/>'s bridge; null for none.</summary>
    public HostUplink? LocalAgentUplink { get; init; }

    /// <summary>Where the guest image is cached (cluster only; the embedded host uses the builder's default); null for the default.</summary>
    public string? ImageCacheDirectory { get; init; }

    /// <summary>
    /// <c>--image-root DIR</c> (repeatable): shared image libraries; with <c>DATA/images/&lt;tenant&gt;</c> the only places
    /// scenarios submitted through the API may take host files from.
    /// </summary>
    public IReadOnlyList<string> ImageRoots { get; init; } = [];

    /// <summary>
    /// Where each deployment's host side lives (<c>--host-side</c>): a namespace of its own (default) or, an admin's
    /// opt-out, the controller's namespace shared by every deployment.
    /// </summary>
    public Nines.Networking.Planning.HostSideMode HostSide { get; init; } = Nines.Networking.Planning.HostSideMode.Namespace;

    /// <summary>The slow steps of starting (guest image build, Open vSwitch).</summary>
    public IProgress<string>? StartProgress { get; init; }

    /// <summary>How the controller logs to the console (the real process); null logs nothing (tests).</summary>
    public CliLogging? Logging { get; init; }

    /// <summary>The URL Kestrel binds: <c>http://</c> + <see cref="Listen"/> unless it is a URL already.</summary>
    public static string ListenUrl(string listen)
    {
        ArgumentNullException.ThrowIfNull(listen);
        var url = listen.Contains("://", StringComparison.Ordinal) ? listen : $"http://{listen}";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || uri.IsDefaultPort && !url.EndsWith(":80", StringComparison.Ordinal) || uri.AbsolutePath != "/")
        {
            throw new ArgumentException($"--listen \"{listen}\" is not HOST:PORT (e.g. 127.0.0.1:7409)", nameof(listen));
        }

        return $"http://{uri.Authority}";
    }
}
