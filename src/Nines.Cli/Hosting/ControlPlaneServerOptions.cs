using Nines.Agent.Hosting;
using Nines.Embedded;
using Nines.Networking.Trunks;

namespace Nines.Cli.Hosting;

/// <summary>How <see cref="ControlPlaneServer"/> runs: what <c>nines up</c>'s options say.</summary>
internal sealed record ControlPlaneServerOptions
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

    /// <summary>
    /// The directory of the cluster's certificate authority (<c>ca.crt</c>, <c>ca.key</c>); null for <c>DATA/tls</c>,
    /// created on the first start. Every controller of one cluster needs the same CA (copy the first one's directory).
    /// </summary>
    public string? CaDirectory { get; init; }

    /// <summary>Serve the API over HTTPS with a server certificate from the data directory's CA (<c>nines up --tls</c>).</summary>
    public bool Tls { get; init; }

    /// <summary>The server certificate (PEM) to serve HTTPS with instead of one from the CA; needs <see cref="TlsKeyFile"/>.</summary>
    public string? TlsCertificateFile { get; init; }

    /// <summary>The private key (PEM) of <see cref="TlsCertificateFile"/>.</summary>
    public string? TlsKeyFile { get; init; }

    /// <summary>Allow plain HTTP on an address other than loopback (<c>--insecure-http</c>): tokens then cross the network in clear.</summary>
    public bool InsecureHttp { get; init; }

    /// <summary>
    /// Whether the API is served over HTTPS: when asked (<see cref="Tls"/>, a certificate file) and always for a
    /// cluster's controller, whose agents join over it.
    /// </summary>
    public bool UsesTls => Tls || TlsCertificateFile is not null || TlsKeyFile is not null || Store is not null;

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

    /// <summary>
    /// Every problem with the listen address and TLS options: a certificate without its key (or the reverse), and
    /// plain HTTP on an address that is not loopback without <see cref="InsecureHttp"/>.
    /// </summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if ((TlsCertificateFile is null) != (TlsKeyFile is null))
        {
            problems.Add("--tls-cert and --tls-key go together (the server certificate and its private key, PEM)");
        }

        foreach (var file in new[] { TlsCertificateFile, TlsKeyFile }.OfType<string>().Where(f => !File.Exists(f)))
        {
            problems.Add($"\"{file}\": no such file");
        }

        try
        {
            var host = new Uri(ListenUrl(Listen)).Host;
            if (!UsesTls && !InsecureHttp && !IsLoopback(host))
            {
                problems.Add($"--listen \"{Listen}\" is not a loopback address and the API would be plain HTTP, bearer tokens in clear: serve HTTPS (--tls for a certificate from the data directory's CA, or --tls-cert FILE --tls-key FILE), or pass --insecure-http to allow it");
            }
        }
        catch (ArgumentException e)
        {
            problems.Add(e.Message);
        }

        return problems;
    }

    /// <summary>Whether <paramref name="host"/> (a URL's host) is <c>localhost</c> or a loopback address.</summary>
    public static bool IsLoopback(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var address) && System.Net.IPAddress.IsLoopback(address));
    }

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
