using Nines.Store.Etcd;

namespace Nines.Cli.Hosting;

/// <summary>
/// A cluster store as the command line names it: <c>etcd://HOST:PORT[,HOST:PORT…]</c> — the client URLs of the etcd
/// members (plain http), any of which may answer.
/// </summary>
internal static class StoreAddress
{
    public const string EtcdScheme = "etcd://";

    /// <summary>The members' client URLs.</summary>
    /// <exception cref="ArgumentException">Not an <c>etcd://</c> address, or a member is not HOST:PORT; the message says which.</exception>
    public static IReadOnlyList<Uri> EtcdEndpoints(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!address.StartsWith(EtcdScheme, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"--store \"{address}\" is not an etcd address (expected etcd://HOST:PORT[,HOST:PORT...])", nameof(address));
        }

        var members = address[EtcdScheme.Length..].Split(',', StringSplitOptions.TrimEntries);
        var endpoints = new List<Uri>();
        var errors = new List<string>();
        foreach (var member in members)
        {
            if (member.Length == 0 || !Uri.TryCreate($"http://{member}", UriKind.Absolute, out var uri) || uri.IsDefaultPort || uri.AbsolutePath != "/" || !string.IsNullOrEmpty(uri.Query))
            {
                errors.Add($"\"{member}\" is not HOST:PORT");
                continue;
            }

            endpoints.Add(uri);
        }

        return errors.Count > 0
            ? throw new ArgumentException($"--store \"{address}\": {string.Join("; ", errors)} (expected etcd://HOST:PORT[,HOST:PORT...])", nameof(address))
            : endpoints;
    }

    /// <summary>A store over the members of <paramref name="address"/> (nothing is sent until the first call).</summary>
    public static EtcdStateStore ConnectEtcd(string address) =>
        EtcdStateStore.Connect(new EtcdStoreOptions { Endpoints = EtcdEndpoints(address) });
}
