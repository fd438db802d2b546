using System.Globalization;

namespace Nines.Testing.Etcd;

/// <summary>
/// An etcd cluster of several members on loopback (<c>--initial-cluster</c>), for fault tests: stop and
/// restart a member while clients keep working on the others.
/// </summary>
public sealed class EtcdCluster : IAsyncDisposable
{
    /// <summary>Ports are picked free and then bound by etcd, so another process may take one in between: retry.</summary>
    private const int StartAttempts = 3;

    private EtcdCluster(IReadOnlyList<EtcdServer> members) => Members = members;

    /// <summary>The members, in start order.</summary>
    public IReadOnlyList<EtcdServer> Members { get; }

    /// <summary>Every member's client URL: the endpoints for <c>EtcdStoreOptions</c>.</summary>
    public IReadOnlyList<Uri> ClientUrls => [.. Members.Select(m => m.ClientUrl)];

    /// <summary>Starts <paramref name="members"/> members as one new cluster and waits until every one is healthy.</summary>
    public static async Task<EtcdCluster> StartAsync(int members, EtcdServerOptions? options = null, CancellationToken cancellationToken = default) =>
        new(await StartMembersAsync(members, options ?? new EtcdServerOptions(), cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// Waits until every running member is healthy, which needs a leader: after a member (maybe the leader)
    /// is stopped, writes stall until the others have elected a new one.
    /// </summary>
    public Task WaitHealthyAsync(CancellationToken cancellationToken = default) =>
        Task.WhenAll(Members.Where(m => m.IsRunning).Select(m => m.WaitHealthyAsync(cancellationToken)));

    public async ValueTask DisposeAsync()
    {
        foreach (var member in Members)
        {
            await member.DisposeAsync().ConfigureAwait(false);
        }
    }

    internal static async Task<IReadOnlyList<EtcdServer>> StartMembersAsync(int count, EtcdServerOptions options, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var binary = EtcdServer.FindBinary(options.BinaryPath)
            ?? throw new FileNotFoundException($"etcd is not installed: no {options.BinaryPath ?? "etcd on PATH nor /usr/bin/etcd"} (Debian: apt-get install etcd-server)");
        for (var attempt = 1; ; attempt++)
        {
            var members = Plan(count, options, binary);
            try
            {
                foreach (var member in members)
                {
                    member.Launch();
                }

                await Task.WhenAll(members.Select(m => m.WaitHealthyAsync(cancellationToken))).ConfigureAwait(false);
                return members;
            }
            catch (Exception e) when (attempt < StartAttempts && e is InvalidOperationException && !cancellationToken.IsCancellationRequested)
            {
                // A member exited (most likely a port taken between picking and binding): try fresh ports.
                await DisposeAllAsync(members).ConfigureAwait(false);
            }
            catch
            {
                await DisposeAllAsync(members).ConfigureAwait(false);
                throw;
            }
        }
    }

    private static List<EtcdServer> Plan(int count, EtcdServerOptions options, string binary)
    {
        var token = "nines-" + Guid.NewGuid().ToString("N")[..12];
        var ports = Enumerable.Range(0, count).Select(_ => (Client: EtcdServer.FreeLoopbackPort(), Peer: EtcdServer.FreeLoopbackPort())).ToList();
        var names = Enumerable.Range(1, count).Select(i => "m" + i.ToString(CultureInfo.InvariantCulture)).ToList();
        var initialCluster = string.Join(",", names.Select((name, i) => $"{name}=http://127.0.0.1:{ports[i].Peer}"));
        return [.. names.Select((name, i) => EtcdServer.Create(options, binary, name, ports[i].Client, ports[i].Peer, initialCluster, token))];
    }

    private static async Task DisposeAllAsync(IEnumerable<EtcdServer> members)
    {
        foreach (var member in members)
        {
            await member.DisposeAsync().ConfigureAwait(false);
        }
    }
}
