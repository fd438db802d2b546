using Nines.Contracts.Model;
using Nines.Contracts.Repositories;
using Nines.Controller.Tests.Support;
using Nines.Store;
using Nines.Store.Sqlite;
using Nines.Testing;

namespace Nines.Controller.Tests.Repositories;

/// <summary>Per-tenant event logs: their own cap, their own reads, the system log, and pruning by age and count.</summary>
public sealed class EventLogTests
{
    [Theory]
    [MemberData(nameof(StoreKind.All), MemberType = typeof(StoreKind))]
    public async Task AppendAsync_NoisyTenantFarPastItsCap_NeverEvictsAnotherTenantsEvents(string kind)
    {
        var time = new FakeTimeProvider();
        await using var store = OpenSlowTicking(kind, time);
        var log = new EventLog(store, time, capacity: 5);
        await log.AppendAsync(EventSeverity.Normal, "Quiet", "quiet/lab", null, "quiet 1", CancellationToken.None);
        await log.AppendAsync(EventSeverity.Normal, "Quiet", "quiet/lab/vm1", null, "quiet 2", CancellationToken.None);

        for (var i = 1; i <= 60; i++)
        {
            await log.AppendAsync(EventSeverity.Warning, "Noise", "noisy/spam", null, $"noise {i}", CancellationToken.None);
        }

        (await log.ListLogAsync("quiet", null, null, CancellationToken.None)).Events.Select(e => e.Message).ShouldBe(["quiet 1", "quiet 2"]);
        (await log.ListLogAsync("noisy", null, null, CancellationToken.None)).Events.Select(e => e.Message).ShouldBe(["noise 56", "noise 57", "noise 58", "noise 59", "noise 60"]);
        var all = (await log.ListAsync(null, null, CancellationToken.None)).Events;
        all.Count.ShouldBe(7);
        all.Select(e => e.Sequence).ShouldBe(all.Select(e => e.Sequence).Order(StringComparer.Ordinal), "every log shares one sequence");
        (await store.RangeAsync(StoreKeys.LogEvents("noisy"))).Entries.Count.ShouldBe(5);
    }

    [Fact]
    public async Task AppendAsync_SubjectIsAHostOrController_GoesToTheSystemLogWithoutTenant()
    {
        var time = new FakeTimeProvider();
        await using var store = StoreKind.Open("memory", time);
        var log = new EventLog(store, time);

        var fenced = await log.AppendAsync(EventSeverity.Warning, "HostSelfFenced", "h2", "lease-lost", "fenced", CancellationToken.None);
        var vm = await log.AppendAsync(EventSeverity.Normal, "VmStarted", "acme/lab/uml1", null, "started", CancellationToken.None);
        var explicitTenant = await log.AppendAsync("globex", EventSeverity.Normal, "Custom", "anything", null, "explicit", CancellationToken.None);

        fenced.Tenant.ShouldBeNull();
        vm.Tenant.ShouldBe("acme");
        explicitTenant.Tenant.ShouldBe("globex");
        (await log.ListLogAsync(EventLog.SystemLog, null, null, CancellationToken.None)).Events.Select(e => e.Kind).ShouldBe(["HostSelfFenced"]);
        (await log.ListLogAsync("acme", null, null, CancellationToken.None)).Events.Select(e => e.Kind).ShouldBe(["VmStarted"]);
        (await log.ListLogAsync("globex", null, null, CancellationToken.None)).Events.Select(e => e.Kind).ShouldBe(["Custom"]);
    }

    [Fact]
    public async Task FollowLogAsync_OtherTenantsAppend_YieldsOnlyItsOwn()
    {
        var time = new FakeTimeProvider();
        await using var store = StoreKind.Open("memory", time);
        var log = new EventLog(store, time);
        var from = (await log.ListAsync(null, 0, CancellationToken.None)).Revision;
        await log.AppendAsync(EventSeverity.Normal, "Theirs", "globex/lab", null, "1", CancellationToken.None);
        await log.AppendAsync(EventSeverity.Normal, "System", "h1", null, "2", CancellationToken.None);
        await log.AppendAsync(EventSeverity.Normal, "Mine", "acme/lab", null, "3", CancellationToken.None);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        await using var follow = log.FollowLogAsync("acme", from, cts.Token).GetAsyncEnumerator(cts.Token);

        (await follow.MoveNextAsync()).ShouldBeTrue();
        follow.Current.Kind.ShouldBe("Mine");
    }

    [Theory]
    [MemberData(nameof(StoreKind.All), MemberType = typeof(StoreKind))]
    public async Task PruneAsync_OldEventsAndCapLowered_DropsPerLogAndKeepsCountsRight(string kind)
    {
        var time = new FakeTimeProvider();
        await using var store = OpenSlowTicking(kind, time);
        var wide = new EventLog(store, time, capacity: 100);
        for (var i = 1; i <= 10; i++)
        {
            await wide.AppendAsync(EventSeverity.Normal, "Old", "acme/lab", null, $"old {i}", CancellationToken.None);
        }

        await wide.AppendAsync(EventSeverity.Normal, "Old", "h1", null, "old host", CancellationToken.None);
        time.Advance(TimeSpan.FromDays(40));
        for (var i = 1; i <= 8; i++)
        {
            await wide.AppendAsync(EventSeverity.Normal, "New", "acme/lab", null, $"new {i}", CancellationToken.None);
            await wide.AppendAsync(EventSeverity.Normal, "New", "globex/lab", null, $"new {i}", CancellationToken.None);
        }

        // The same store under a lower cap: the age rule drops the old ones, the cap the oldest new ones beyond 5.
        var narrow = new EventLog(store, time, capacity: 5);
        var pruned = await narrow.PruneAsync(TimeSpan.FromDays(30), CancellationToken.None);

        pruned.ShouldBe(10 + 1 + 3 + 3);
        (await narrow.ListLogAsync("acme", null, null, CancellationToken.None)).Events.Select(e => e.Message).ShouldBe(["new 4", "new 5", "new 6", "new 7", "new 8"]);
        (await narrow.ListLogAsync("globex", null, null, CancellationToken.None)).Events.Count.ShouldBe(5);
        (await narrow.ListLogAsync(EventLog.SystemLog, null, null, CancellationToken.None)).Events.ShouldBeEmpty();
        (await store.GetAsync(StoreKeys.EventCount("acme"))).ShouldNotBeNull().ValueAsString().ShouldBe("5");

        // The counts stayed exact: the next append evicts exactly one.
        await narrow.AppendAsync(EventSeverity.Normal, "New", "acme/lab", null, "new 9", CancellationToken.None);
        (await narrow.ListLogAsync("acme", null, null, CancellationToken.None)).Events.Select(e => e.Message).ShouldBe(["new 5", "new 6", "new 7", "new 8", "new 9"]);
    }

    [Fact]
    public async Task PruneAsync_EventsFromBeforePerTenantLogs_GoByAge()
    {
        var time = new FakeTimeProvider();
        await using var store = StoreKind.Open("memory", time);
        var legacy = new EventRecord(EventLog.FormatSequence(1), time.GetUtcNow(), EventSeverity.Normal, "Old", "acme/lab", null, "before");
        await store.PutJsonAsync(StoreKeys.Events + legacy.Sequence, legacy, options: ControlPlaneJson.Options);
        var log = new EventLog(store, time);
        var kept = await log.PruneAsync(TimeSpan.FromDays(30), CancellationToken.None);
        time.Advance(TimeSpan.FromDays(31));

        var dropped = await log.PruneAsync(TimeSpan.FromDays(30), CancellationToken.None);

        kept.ShouldBe(0);
        dropped.ShouldBe(1);
        (await store.RangeAsync(StoreKeys.Events)).Entries.ShouldBeEmpty();
    }

    /// <summary>
    /// These tests jump the fake clock by weeks; the SQLite store's maintenance tick runs on it, so it ticks twice a day
    /// here instead of every second (millions of ticks otherwise).
    /// </summary>
    private static IStateStore OpenSlowTicking(string kind, FakeTimeProvider time) => kind == "sqlite"
        ? new SqliteStateStore(new SqliteStateStoreOptions { Path = StoreKind.TempFile(), MaintenanceInterval = TimeSpan.FromHours(12) }, time)
        : StoreKind.Open(kind, time);
}
