using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Nines.Store.Election;
using Nines.Store.Memory;
using Nines.Store.Sqlite;
using Nines.Testing;

namespace Nines.Store.Tests.Election;

/// <summary>Leader election on the in-memory store with a fake clock (exact timing) and on SQLite (real files).</summary>
public sealed class LeaderElectionTests : IAsyncLifetime
{
    private static readonly TimeSpan _ttl = TimeSpan.FromSeconds(5);
    private readonly FakeTimeProvider _clock = new();
    private readonly List<LeaderElection> _contenders = [];
    private MemoryStateStore _store = null!;

    public Task InitializeAsync()
    {
        _store = new MemoryStateStore(_clock);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var contender in _contenders)
        {
            await contender.DisposeAsync();
        }

        await _store.DisposeAsync();
    }

    [Fact]
    public void Constructor_BadOptions_ThrowsNamingEveryField()
    {
        var options = new LeaderElectionOptions { Name = "a/b", Candidate = " ", Ttl = TimeSpan.FromSeconds(1), KeepAliveInterval = TimeSpan.FromSeconds(2) };

        var error = Should.Throw<ArgumentException>(() => new LeaderElection(_store, options));

        error.Message.ShouldContain("LeaderElectionOptions.Name");
        error.Message.ShouldContain("LeaderElectionOptions.Candidate");
        error.Message.ShouldContain("LeaderElectionOptions.KeepAliveInterval");
    }

    [Fact]
    public async Task Start_TwoContenders_ExactlyOneLeadsAndTheOtherKnowsWho()
    {
        var (one, two) = (Contender("one"), Contender("two"));

        one.Start();
        two.Start();

        await LeaderElectionWaits.EventuallyAsync(() => one.IsLeader || two.IsLeader, "someone leads");
        var (leader, standby) = one.IsLeader ? (one, two) : (two, one);
        await LeaderElectionWaits.EventuallyAsync(() => standby.Leader == leader.Leader, "the standby learns who leads");
        standby.IsLeader.ShouldBeFalse();
        leader.LeadershipToken.IsCancellationRequested.ShouldBeFalse();
        standby.LeadershipToken.IsCancellationRequested.ShouldBeTrue();
        (await _store.GetAsync(leader.Key)).ShouldNotBeNull().ValueAsString().ShouldBe(leader.Leader);
    }

    [Fact]
    public async Task Dispose_LeaderStopsRenewing_StandbyLeadsOnceTheLeaseExpires()
    {
        var leader = Contender("leader");
        leader.Start();
        await leader.WaitForLeadershipAsync().WaitAsync(LeaderElectionWaits.Patience);
        var standby = Contender("standby");
        standby.Start();
        await LeaderElectionWaits.EventuallyAsync(() => standby.Leader == "leader", "the standby watches the leader");

        await leader.DisposeAsync();
        _clock.Advance(_ttl - TimeSpan.FromSeconds(1));
        await Task.Delay(100);
        standby.IsLeader.ShouldBeFalse("the dead leader's lease has not expired yet");
        _clock.Advance(TimeSpan.FromSeconds(2));

        await standby.WaitForLeadershipAsync().WaitAsync(LeaderElectionWaits.Patience);
        standby.IsLeader.ShouldBeTrue();
    }

    [Fact]
    public async Task KeepAlive_LeaderRenews_KeepsLeadingPastManyTtls()
    {
        var leader = Contender("leader");
        leader.Start();
        var term = await leader.WaitForLeadershipAsync().WaitAsync(LeaderElectionWaits.Patience);

        for (var i = 0; i < 100; i++)
        {
            // Small steps (the leader may miss 33 of them before it must step down), each followed by a real
            // pause so the renewal loop runs between them: 10 s of fake time, two TTLs.
            _clock.Advance(TimeSpan.FromMilliseconds(100));
            await LeaderElectionWaits.EventuallyAsync(async () => (await _store.GetAsync(leader.Key)) is not null, "the key lives");
            await Task.Delay(15);
        }

        term.IsCancellationRequested.ShouldBeFalse();
        leader.IsLeader.ShouldBeTrue();
    }

    [Fact]
    public async Task KeyDeletedUnderTheLeader_LeaderStepsDownBeforeItsEventAndCampaignsAgain()
    {
        var leader = Contender("leader");
        var changes = new List<(LeaderChange Change, bool TokenCancelled)>();
        leader.LeaderChanged += (_, change) =>
        {
            lock (changes)
            {
                changes.Add((change, leader.LeadershipToken.IsCancellationRequested));
            }
        };
        leader.Start();
        var term = await leader.WaitForLeadershipAsync().WaitAsync(LeaderElectionWaits.Patience);

        await _store.DeleteAsync(leader.Key);

        await LeaderElectionWaits.EventuallyAsync(() => term.IsCancellationRequested, "the term ends");
        await LeaderElectionWaits.EventuallyAsync(() => Snapshot(changes).Any(c => !c.Change.IsLeader), "a lost-leadership event");
        Snapshot(changes).First(c => !c.Change.IsLeader).TokenCancelled.ShouldBeTrue();
        await LeaderElectionWaits.EventuallyAsync(() => leader.IsLeader && leader.LeadershipToken != term, "a new term");
    }

    [Fact]
    public async Task ResignAsync_Leader_HandsOverWithoutWaitingForTheTtl()
    {
        var leader = Contender("leader");
        leader.Start();
        await leader.WaitForLeadershipAsync().WaitAsync(LeaderElectionWaits.Patience);
        var standby = Contender("standby");
        standby.Start();
        await LeaderElectionWaits.EventuallyAsync(() => standby.Leader == "leader", "the standby watches the leader");

        await leader.ResignAsync();

        await standby.WaitForLeadershipAsync().WaitAsync(LeaderElectionWaits.Patience);
        leader.IsLeader.ShouldBeFalse();
    }

    [Fact]
    public async Task ResignAsync_OnSqliteAcrossTwoStoreInstances_HandsOver()
    {
        using var directory = new TempDirectory();
        var path = directory.File("state.db");
        await using var first = new SqliteStateStore(new SqliteStateStoreOptions { Path = path });
        await using var second = new SqliteStateStore(new SqliteStateStoreOptions { Path = path });
        await using var one = new LeaderElection(first, new LeaderElectionOptions { Name = "controller", Candidate = "one", Ttl = _ttl });
        await using var two = new LeaderElection(second, new LeaderElectionOptions { Name = "controller", Candidate = "two", Ttl = _ttl });
        one.Start();
        await one.WaitForLeadershipAsync().WaitAsync(LeaderElectionWaits.Patience);
        two.Start();
        await LeaderElectionWaits.EventuallyAsync(() => two.Leader == "one", "two sees one lead");
        var clock = Stopwatch.StartNew();

        await one.ResignAsync();

        await two.WaitForLeadershipAsync().WaitAsync(LeaderElectionWaits.Patience);
        clock.Elapsed.ShouldBeLessThan(_ttl);
        one.IsLeader.ShouldBeFalse();
    }

    [Fact]
    public async Task Log_TermElectedLostAndResigned_EachLoggedWithTheElectionAndCandidate()
    {
        var logs = new CapturingLoggerProvider();
        var leader = Contender("leader", logs);
        leader.Start();
        var term = await leader.WaitForLeadershipAsync().WaitAsync(LeaderElectionWaits.Patience);
        var standby = Contender("standby", logs);
        standby.Start();
        await LeaderElectionWaits.EventuallyAsync(() => standby.Leader == "leader", "the standby watches the leader");

        var elected = logs.Entries.Single(e => e.EventId.Id == 1);
        elected.Level.ShouldBe(LogLevel.Information);
        elected.Category.ShouldBe(typeof(LeaderElection).FullName);
        elected.Message.ShouldContain("elected");
        (elected.Value("Election"), elected.Value("Candidate")).ShouldBe(("controller", "leader"));
        (await logs.WaitForAsync(e => e.EventId.Id == 7 && e.Value("Candidate") == "standby", "the standby's view")).Value("Leader").ShouldBe("leader");

        // The key goes under the leader: it steps down (a warning naming why), then wins a new term.
        await _store.DeleteAsync(leader.Key);
        await LeaderElectionWaits.EventuallyAsync(() => term.IsCancellationRequested, "the term ends");
        var lost = await logs.WaitForAsync(e => e.EventId.Id == 2, "of the lost term");
        lost.Level.ShouldBe(LogLevel.Warning);
        lost.Value("Candidate").ShouldBe("leader");
        lost.Value("Reason")!.ShouldContain("deleted");

        await LeaderElectionWaits.EventuallyAsync(() => leader.IsLeader || standby.IsLeader, "a new term");
        var (current, name) = leader.IsLeader ? (leader, "leader") : (standby, "standby");
        await current.ResignAsync();
        var resigned = await logs.WaitForAsync(e => e.EventId.Id == 3, "of the resignation");
        resigned.Value("Candidate").ShouldBe(name);
        logs.Entries.ShouldNotContain(e => e.Level >= LogLevel.Error);
    }

    private static List<T> Snapshot<T>(List<T> items)
    {
        lock (items)
        {
            return [.. items];
        }
    }

    private LeaderElection Contender(string name, CapturingLoggerProvider? logs = null)
    {
        var contender = new LeaderElection(_store, new LeaderElectionOptions { Name = "controller", Candidate = name, Ttl = _ttl, TimeProvider = _clock, Logger = logs?.CreateLogger(typeof(LeaderElection).FullName!) });
        _contenders.Add(contender);
        return contender;
    }
}
