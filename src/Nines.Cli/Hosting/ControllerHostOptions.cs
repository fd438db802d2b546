using Nines.ControlPlane.Embedded;

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

    /// <summary>The slow steps of starting (guest image build, Open vSwitch).</summary>
    public IProgress<string>? StartProgress { get; init; }

    /// <summary>Log the web host's warnings and errors to the console (the real process; not in tests).</summary>
    public bool ConsoleLogging { get; init; }

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
