using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Nines.Store.Etcd;

namespace Nines.Cli.Hosting;

/// <summary>
/// A cluster store as the command line names it: <c>etcd://HOST:PORT[,HOST:PORT…]</c> (plain http) or
/// <c>etcds://…</c> (TLS), the client URLs of the etcd members, any of which may answer, with options after a
/// <c>?</c>: <c>ca=FILE</c> (the CA that signed the members' certificates; default the system's), <c>cert=FILE</c>
/// and <c>key=FILE</c> (a client certificate for <c>--client-cert-auth</c>), <c>user=NAME</c> and
/// <c>password-file=FILE</c> (etcd's own authentication; without the file the password comes from
/// <see cref="PasswordVariable"/>). A password itself never appears in the address: every user of the machine
/// can read a command line.
/// </summary>
internal sealed record StoreAddress(
    IReadOnlyList<Uri> Endpoints,
    string? CaFile = null,
    string? CertificateFile = null,
    string? KeyFile = null,
    string? User = null,
    string? PasswordFile = null)
{
    public const string EtcdScheme = "etcd://";
    public const string EtcdTlsScheme = "etcds://";

    /// <summary>Where the etcd password is read from when the address names a user but no password file.</summary>
    public const string PasswordVariable = "NINES_ETCD_PASSWORD";

    private const string Syntax = "expected etcd://HOST:PORT[,HOST:PORT...] or etcds://...[?ca=FILE&cert=FILE&key=FILE&user=NAME&password-file=FILE]";

    /// <summary>True for the TLS scheme.</summary>
    public bool Tls => Endpoints.Count > 0 && Endpoints[0].Scheme == Uri.UriSchemeHttps;

    /// <summary>
    /// The address with every file as an absolute path: what a process started elsewhere (the fence guard, a
    /// background controller, a testbed's agents) is given.
    /// </summary>
    public string Canonical
    {
        get
        {
            var hosts = string.Join(",", Endpoints.Select(e => e.Authority));
            var options = new[] { ("ca", CaFile), ("cert", CertificateFile), ("key", KeyFile), ("user", User), ("password-file", PasswordFile) }
                .Where(o => o.Item2 is not null)
                .Select(o => $"{o.Item1}={Uri.EscapeDataString(o.Item2!).Replace("%2F", "/", StringComparison.Ordinal)}")
                .ToList();
            return (Tls ? EtcdTlsScheme : EtcdScheme) + hosts + (options.Count > 0 ? "?" + string.Join("&", options) : "");
        }
    }

    /// <summary>The address's parts; relative files are made absolute against the current directory.</summary>
    /// <exception cref="ArgumentException">Every problem with the address, each named.</exception>
    public static StoreAddress Parse(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var tls = address.StartsWith(EtcdTlsScheme, StringComparison.OrdinalIgnoreCase);
        if (!tls && !address.StartsWith(EtcdScheme, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"--store \"{address}\" is not an etcd address ({Syntax})", nameof(address));
        }

        var rest = address[(tls ? EtcdTlsScheme : EtcdScheme).Length..];
        var query = rest.IndexOf('?', StringComparison.Ordinal);
        var members = (query < 0 ? rest : rest[..query]).Split(',', StringSplitOptions.TrimEntries);
        var errors = new List<string>();
        var endpoints = new List<Uri>();
        foreach (var member in members)
        {
            if (member.Length == 0 || member.Any(c => c is '/' or '@' or '#') || !Uri.TryCreate($"{(tls ? "https" : "http")}://{member}", UriKind.Absolute, out var uri) || uri.IsDefaultPort || uri.AbsolutePath != "/" || !string.IsNullOrEmpty(uri.Query))
            {
                errors.Add($"\"{member}\" is not HOST:PORT");
                continue;
            }

            endpoints.Add(uri);
        }

        var options = query < 0 ? new Dictionary<string, string>() : ReadOptions(rest[(query + 1)..], errors);
        var parsed = new StoreAddress(
            endpoints,
            FullPath(options.GetValueOrDefault("ca")),
            FullPath(options.GetValueOrDefault("cert")),
            FullPath(options.GetValueOrDefault("key")),
            options.GetValueOrDefault("user"),
            FullPath(options.GetValueOrDefault("password-file")));
        errors.AddRange(parsed.Conflicts(tls));
        return errors.Count > 0
            ? throw new ArgumentException($"--store \"{address}\": {string.Join("; ", errors)} ({Syntax})", nameof(address))
            : parsed;
    }

    /// <summary>The members' client URLs.</summary>
    /// <exception cref="ArgumentException">Not an etcd address; the message says why.</exception>
    public static IReadOnlyList<Uri> EtcdEndpoints(string address) => Parse(address).Endpoints;

    /// <summary>A store over the members of <paramref name="address"/> (nothing is sent until the first call).</summary>
    /// <exception cref="ArgumentException">The address, or a file it names, is not usable; every problem is named.</exception>
    public static EtcdStateStore ConnectEtcd(string address) => EtcdStateStore.Connect(Parse(address).StoreOptions());

    /// <summary>
    /// The store options with the CA, certificate and password read from their files: every file that cannot be
    /// read or is not what it should be is named, all at once.
    /// </summary>
    /// <exception cref="ArgumentException">Every unusable file, named by its option.</exception>
    public EtcdStoreOptions StoreOptions()
    {
        var errors = new List<string>();
        X509Certificate2Collection? authorities = null;
        X509Certificate2? client = null;
        EtcdCredentials? credentials = null;
        if (CaFile is not null)
        {
            authorities = Load("ca", CaFile, errors, () =>
            {
                var roots = new X509Certificate2Collection();
                roots.ImportFromPemFile(CaFile);
                return roots.Count > 0 ? roots : throw new CryptographicException("no PEM certificate in it");
            });
        }

        if (CertificateFile is not null && KeyFile is not null)
        {
            client = Load("cert", CertificateFile, errors, () => X509Certificate2.CreateFromPemFile(CertificateFile, KeyFile));
        }

        if (User is not null)
        {
            var password = PasswordFile is null
                ? Environment.GetEnvironmentVariable(PasswordVariable)
                : Load("password-file", PasswordFile, errors, () => File.ReadAllLines(PasswordFile).FirstOrDefault() ?? "");
            if (string.IsNullOrEmpty(password))
            {
                errors.Add(PasswordFile is null
                    ? $"user={User} needs a password: password-file=FILE or the {PasswordVariable} environment variable"
                    : $"password-file={PasswordFile}: its first line is empty");
            }
            else
            {
                credentials = new EtcdCredentials(User, password);
            }
        }

        return errors.Count > 0
            ? throw new ArgumentException($"--store: {string.Join("; ", errors)}")
            : new EtcdStoreOptions { Endpoints = Endpoints, TrustedAuthorities = authorities, ClientCertificate = client, Credentials = credentials };
    }

    private static Dictionary<string, string> ReadOptions(string query, List<string> errors)
    {
        var known = new[] { "ca", "cert", "key", "user", "password-file" };
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? pair : pair[..equals];
            var value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..]);
            if (name == "password")
            {
                errors.Add($"no password in the address (every user of the machine can read a command line): use password-file=FILE or {PasswordVariable}");
            }
            else if (!known.Contains(name))
            {
                errors.Add($"unknown option \"{name}\" (known: {string.Join(", ", known)})");
            }
            else if (value.Length == 0 || value.Any(char.IsControl))
            {
                errors.Add($"{name}= needs a value without control characters");
            }
            else if (!options.TryAdd(name, value))
            {
                errors.Add($"{name}= is given twice");
            }
        }

        return options;
    }

    private static string? FullPath(string? file) => file is null ? null : Path.GetFullPath(file);

    private static T? Load<T>(string option, string file, List<string> errors, Func<T> read)
        where T : class
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            errors.Add($"{option}={file}: {e.Message}");
            return null;
        }
    }

    private IEnumerable<string> Conflicts(bool tls)
    {
        if (!tls && (CaFile ?? CertificateFile ?? KeyFile) is not null)
        {
            yield return "ca=, cert= and key= are for TLS: use etcds://";
        }

        if ((CertificateFile is null) != (KeyFile is null))
        {
            yield return "cert= and key= go together";
        }

        if (PasswordFile is not null && User is null)
        {
            yield return "password-file= needs user=";
        }
    }
}
