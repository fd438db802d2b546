using System.Diagnostics;
using Nines.Store.Election;
using Nines.Store.Tests.Etcd;
using Nines.Testing.Etcd;

namespace Nines.Store.Tests.Election;

/// <summary>Leader election on a real etcd: real leases, real expiry, a real outage.</summary>
public sealed class EtcdLeaderElectionTests : IAsyncLifetime
{
    /// <summary>etcd's whole-second lease; the test member's minimum TTL is 1 s.</summary>
    private static readonly TimeSpan _ttl = TimeSpan.FromSeconds(2);
    private readonly List<IAsyncDisposable> _owned = [];
    private EtcdServer? _server;

    private EtcdServer Server => _server ?? throw new InvalidOperationException("etcd is not running");

    public async Task InitializeAsync()
    {
        if (EtcdTestServers.Missing is null)
        {
            _server = await EtcdTestServers.StartAsync();
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            await owned.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [RequiresEtcdFact]
    public async Task Start_TwoContendersOnOneEtcd_ExactlyOneLeads()
    {
        var (one, two) = (Contender("one"), Contender("two"));

        one.Start();
        two.Start();

        await LeaderElectionWaits.EventuallyAsync(() => one.IsLeader || two.IsLeader, "someone leads");
        var (leader, standby) = one.IsLeader ? (one, two) : (two, one);
        await LeaderElectionWaits.EventuallyAsync(() => standby.Leader == leader.Leader, "the standby learns who leads");
        await Task.Delay(_ttl * 1.5);
        (one.IsLeader ^ two.IsLeader).ShouldBeTrue("exactly one leads, also after several renewals");
    }

    [RequiresEtcdFact]
    public async Task Dispose_LeaderStopsRenewing_StandbyLeadsWithinTheTtlAndABit()
    {
        var leader = Contender("leader");
        leader.Start();
        await leader.WaitForLeadershipAsync().WaitAsync(LeaderElectionWaits.Patience);
        var standby = Contender("standby");
        standby.Start();
        await LeaderElectionWaits.EventuallyAsync(() => standby.Leader == "leader", "the standby watches the leader");
        await Task.Delay(_ttl);

        var clock = Stopwatch.StartNew();
        await leader.DisposeAsync();
        await standby.WaitForLeadershipAsync().WaitAsync(LeaderElectionWaits.Patience);

        // The lease was renewed at most one keep-alive interval before the crash; etcd checks expiry every 0.5 s.
        clock.Elapsed.ShouldBeLessThan(_ttl + TimeSpan.FromSeconds(1.5));
        standby.IsLeader.ShouldBeTrue();
    }

    [RequiresEtcdFact]
    public async Task EtcdDown_Leader_StepsDownBeforeItsLeaseCouldExpire()
    {
        var leader = Contender("leader");
        leader.Start();
        var term = await leader.WaitForLeadershipAsync().WaitAsync(LeaderElectionWaits.Patience);

        var clock = Stopwatch.StartNew();
        await Server.StopAsync();
        await LeaderElectionWaits.EventuallyAsync(() => term.IsCancellationRequested, "the leader gives up");

        clock.Elapsed.ShouldBeLessThan(_ttl);
        leader.IsLeader.ShouldBeFalse();
    }

    private LeaderElection Contender(string name)
    {
        var store = EtcdTestServers.Connect([Server.ClientUrl]);
        var contender = new LeaderElection(store, new LeaderElectionOptions { Name = "controller", Candidate = name, Ttl = _ttl });
        _owned.Add(store);
        _owned.Add(contender);
        return contender;
    }
}
