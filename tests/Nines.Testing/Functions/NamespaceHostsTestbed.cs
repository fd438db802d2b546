using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Nines.Networking.Commands;
using Nines.VnfStateMigration;

namespace Nines.Testing.Functions;

/// <summary>
/// Hosts as network namespaces for trying a state migration on one machine: an <b>edge</b> namespace (the steering
/// point and the clients, service address <see cref="EdgeAddress"/> on its <c>lo</c>) and N host namespaces, host i
/// joined to the edge by a veth pair (edge 10.201.i.1/24, host 10.201.i.2/24, a route to 10.201.0.0/24 via the edge).
/// Nothing leads off the machine. Disposing deletes every namespace (and with them the veths), also after a failure.
/// </summary>
public sealed class NamespaceHostsTestbed : IAsyncDisposable
{
    private static readonly ProcessCommandRunner _machine = new();
    private readonly List<string> _namespaces = [];

    private NamespaceHostsTestbed(string id) => Id = id;

    /// <summary>The address the edge's services (steering point, clients) bind on.</summary>
    public static IPAddress EdgeAddress { get; } = IPAddress.Parse("10.201.0.1");

    /// <summary>The random part of every name.</summary>
    public string Id { get; }

    /// <summary>The edge namespace's name.</summary>
    public string Edge => $"nv-{Id}-edge";

    /// <summary>The hosts, <c>h1</c>…</summary>
    public IReadOnlyList<FunctionHost> Hosts { get; private set; } = [];

    /// <summary>Creates the edge and <paramref name="hostCount"/> (1–200) hosts.</summary>
    public static async Task<NamespaceHostsTestbed> CreateAsync(int hostCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hostCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(hostCount, 200);
        var testbed = new NamespaceHostsTestbed(RandomNumberGenerator.GetHexString(6, lowercase: true));
        try
        {
            await testbed.BuildAsync(hostCount, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await testbed.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return testbed;
    }

    /// <summary>Runs a command in a namespace; throws when it fails.</summary>
    public static async Task<string> RunInAsync(string networkNamespace, IReadOnlyList<string> command, CancellationToken cancellationToken) =>
        (await _machine.RunAsync("ip", ["netns", "exec", networkNamespace, .. command], null, cancellationToken).ConfigureAwait(false)).ThrowIfFailed().StandardOutput;

    public async ValueTask DisposeAsync()
    {
        foreach (var ns in Enumerable.Reverse(_namespaces))
        {
            await _machine.RunAsync("ip", ["netns", "del", ns], null, CancellationToken.None).ConfigureAwait(false);
        }

        _namespaces.Clear();
    }

    private async Task BuildAsync(int hostCount, CancellationToken cancellationToken)
    {
        await AddNamespaceAsync(Edge, cancellationToken).ConfigureAwait(false);
        await RunInAsync(Edge, ["ip", "addr", "add", $"{EdgeAddress}/32", "dev", "lo"], cancellationToken).ConfigureAwait(false);
        var hosts = new List<FunctionHost>();
        for (var i = 1; i <= hostCount; i++)
        {
            var n = i.ToString(CultureInfo.InvariantCulture);
            var ns = $"nv-{Id}-h{n}";
            await AddNamespaceAsync(ns, cancellationToken).ConfigureAwait(false);
            var edgeEnd = $"nv{Id}e{n}";
            var hostEnd = $"nv{Id}h{n}";
            (await _machine.RunAsync("ip", ["link", "add", edgeEnd, "netns", Edge, "type", "veth", "peer", "name", hostEnd, "netns", ns], null, cancellationToken).ConfigureAwait(false)).ThrowIfFailed();
            await RunInAsync(Edge, ["ip", "addr", "add", $"10.201.{n}.1/24", "dev", edgeEnd], cancellationToken).ConfigureAwait(false);
            await RunInAsync(Edge, ["ip", "link", "set", edgeEnd, "up"], cancellationToken).ConfigureAwait(false);
            await RunInAsync(ns, ["ip", "addr", "add", $"10.201.{n}.2/24", "dev", hostEnd], cancellationToken).ConfigureAwait(false);
            await RunInAsync(ns, ["ip", "link", "set", hostEnd, "up"], cancellationToken).ConfigureAwait(false);
            await RunInAsync(ns, ["ip", "route", "add", "10.201.0.0/24", "via", $"10.201.{n}.1"], cancellationToken).ConfigureAwait(false);
            hosts.Add(new FunctionHost($"h{n}", ns, IPAddress.Parse($"10.201.{n}.2")));
        }

        Hosts = hosts;
    }

    private async Task AddNamespaceAsync(string name, CancellationToken cancellationToken)
    {
        (await _machine.RunAsync("ip", ["netns", "add", name], null, cancellationToken).ConfigureAwait(false)).ThrowIfFailed();
        _namespaces.Add(name);
        await RunInAsync(name, ["ip", "link", "set", "lo", "up"], cancellationToken).ConfigureAwait(false);
    }
}
