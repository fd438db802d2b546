using Nines.Contracts.Model;
using Nines.Controller.Repositories;
using Nines.Controller.Tests.Support;
using Nines.Store;
using Nines.Store.Sqlite;
using Nines.Testing;

namespace Nines.Controller.Tests.Repositories;

/// <summary>Operation retention: finished ones by age and count per tenant; running ones and those deployments name never.</summary>
public sealed class OperationRetentionTests
{
    [Theory]
    [MemberData(nameof(StoreKind.All), MemberType = typeof(StoreKind))]
    public async Task PruneAsync_ManyOldAndFinished_KeepsRunningNamedAndNewestPerTenant(string kind)
    {
        var time = new FakeTimeProvider();
        await using var store = OpenSlowTicking(kind, time);
        var operations = new OperationRepository(store, time);
        var deployments = new DeploymentRepository(store, time);

        var running = await operations.CreateAsync(OperationKind.Deploy, new DeploymentRef("acme", "slow"), 1, ["vm"], CancellationToken.None);
        var oldFinished = await FinishAsync(operations, "acme", "old", time);
        var named = await FinishAsync(operations, "acme", "named", time);
        await deployments.PutStatusAsync(
            new DeploymentRef("acme", "named"),
            new DeploymentStatus(DeploymentPhase.Running, new Dictionary<string, VmSummary>(), [], 1, named.Id, time.GetUtcNow()),
            CancellationToken.None);
        time.Advance(TimeSpan.FromDays(40));
        var acme = new List<Operation>();
        var globex = new List<Operation>();
        for (var i = 0; i < 6; i++)
        {
            acme.Add(await FinishAsync(operations, "acme", $"d{i}", time));
            globex.Add(await FinishAsync(operations, "globex", $"d{i}", time));
            time.Advance(TimeSpan.FromMinutes(1));
        }

        var deleted = await operations.PruneAsync(TimeSpan.FromDays(30), keepPerTenant: 4, CancellationToken.None);

        deleted.ShouldBe(1 + 2 + 2);
        var left = (await operations.ListAsync(null, CancellationToken.None)).Select(o => o.Id).ToHashSet();
        left.ShouldContain(running.Id, "a running operation is never pruned, however old");
        left.ShouldContain(named.Id, "an operation a deployment names stays");
        left.ShouldNotContain(oldFinished.Id);
        acme.Skip(2).ShouldAllBe(o => left.Contains(o.Id));
        globex.Skip(2).ShouldAllBe(o => left.Contains(o.Id));
        acme.Take(2).Concat(globex.Take(2)).ShouldAllBe(o => !left.Contains(o.Id));
    }

    [Fact]
    public async Task PruneAsync_NoisyTenant_LeavesOtherTenantsUnder()
    {
        var time = new FakeTimeProvider();
        await using var store = StoreKind.Open("memory", time);
        var operations = new OperationRepository(store, time);
        var quiet = await FinishAsync(operations, "quiet", "lab", time);
        for (var i = 0; i < 30; i++)
        {
            await FinishAsync(operations, "noisy", $"d{i}", time);
        }

        await operations.PruneAsync(TimeSpan.FromDays(30), keepPerTenant: 5, CancellationToken.None);

        (await operations.ListAsync("quiet", CancellationToken.None)).Select(o => o.Id).ShouldBe([quiet.Id]);
        (await operations.ListAsync("noisy", CancellationToken.None)).Count.ShouldBe(5);
    }

    private static async Task<Operation> FinishAsync(OperationRepository operations, string tenant, string deployment, FakeTimeProvider time)
    {
        var operation = await operations.CreateAsync(OperationKind.Deploy, new DeploymentRef(tenant, deployment), 1, ["vm"], CancellationToken.None);
        var now = time.GetUtcNow();
        var finished = operation with { State = OperationState.COMPLETED, UpdatedAt = now, FinishedAt = now };
        await operations.PutAsync(finished, CancellationToken.None);
        return finished;
    }

    /// <summary>
    /// These tests jump the fake clock by weeks; the SQLite store's maintenance tick runs on it, so it ticks twice a day
    /// here instead of every second (millions of ticks otherwise).
    /// </summary>
    private static IStateStore OpenSlowTicking(string kind, FakeTimeProvider time) => kind == "sqlite"
        ? new SqliteStateStore(new SqliteStateStoreOptions { Path = StoreKind.TempFile(), MaintenanceInterval = TimeSpan.FromHours(12) }, time)
        : StoreKind.Open(kind, time);
}
