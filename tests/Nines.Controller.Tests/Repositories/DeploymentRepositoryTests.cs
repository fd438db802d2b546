using Nines.Contracts.Model;
using Nines.Contracts.Repositories;
using Nines.Controller.Repositories;
using Nines.Controller.Tests.Support;
using Nines.Testing;

namespace Nines.Controller.Tests.Repositories;

public sealed class DeploymentRepositoryTests
{
    private static DeploymentRef Lab => new("acme", "lab");

    private static CommittedPlan PlanFor(StoredDeployment read, string host) =>
        new(read.Spec.Generation, "Balanced", new Dictionary<string, string> { ["uml1"] = host }, new Dictionary<string, int>(), [], DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task Apply_SameContentAgain_KeepsGenerationAndRevision()
    {
        var time = new FakeTimeProvider();
        await using var store = StoreKind.Open("memory", time);
        var repository = new DeploymentRepository(store, time);
        var first = await repository.ApplyAsync(Lab, "a", null, null, CancellationToken.None);

        var again = await repository.ApplyAsync(Lab, "a", null, null, CancellationToken.None);

        again.Spec.Generation.ShouldBe(1);
        again.ModRevision.ShouldBe(first.ModRevision);
    }

    [Fact]
    public async Task Apply_ChangedScenario_BumpsGenerationSoThePlanIsStale()
    {
        var time = new FakeTimeProvider();
        await using var store = StoreKind.Open("memory", time);
        var repository = new DeploymentRepository(store, time);
        var first = await repository.ApplyAsync(Lab, "a", null, null, CancellationToken.None);
        (await repository.CommitPlanAsync(first, PlanFor(first, "h1"), CancellationToken.None))!.Spec.HasCurrentPlan.ShouldBeTrue();

        var changed = await repository.ApplyAsync(Lab, "b", null, null, CancellationToken.None);

        changed.Spec.Generation.ShouldBe(2);
        changed.Spec.HasCurrentPlan.ShouldBeFalse();
    }

    [Fact]
    public async Task CommitPlan_SpecChangedSinceRead_LosesAndWritesNothing()
    {
        var time = new FakeTimeProvider();
        await using var store = StoreKind.Open("memory", time);
        var repository = new DeploymentRepository(store, time);
        var read = await repository.ApplyAsync(Lab, "a", null, null, CancellationToken.None);
        await repository.MarkDeletedAsync(Lab, CancellationToken.None);

        (await repository.CommitPlanAsync(read, PlanFor(read, "h1"), CancellationToken.None)).ShouldBeNull();

        (await repository.GetAsync(Lab, CancellationToken.None))!.Spec.Plan.ShouldBeNull();
    }

    [Fact]
    public async Task CommitPlan_EightDecidersOnTwoSqliteInstances_ExactlyOneWins()
    {
        var time = new FakeTimeProvider();
        var path = StoreKind.TempFile();
        await using var one = StoreKind.Open("sqlite", time, path);
        await using var two = StoreKind.Open("sqlite", time, path);
        var repositories = new[] { new DeploymentRepository(one, time), new DeploymentRepository(two, time) };
        await repositories[0].ApplyAsync(Lab, "a", null, null, CancellationToken.None);
        var reads = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => repositories[i % 2].GetAsync(Lab, CancellationToken.None)));

        var results = await Task.WhenAll(reads.Select((read, i) => Task.Run(() => repositories[i % 2].CommitPlanAsync(read!, PlanFor(read!, $"h{i}"), CancellationToken.None))));

        results.Count(r => r is not null).ShouldBe(1);
        var winner = results.Single(r => r is not null)!;
        (await repositories[1].GetAsync(Lab, CancellationToken.None))!.Spec.Plan!.Placements["uml1"].ShouldBe(winner.Spec.Plan!.Placements["uml1"]);
    }

    [Fact]
    public async Task EventLog_AppendBeyondCapacity_KeepsNewestInSequenceOrder()
    {
        var time = new FakeTimeProvider();
        await using var store = StoreKind.Open("memory", time);
        var log = new EventLog(store, time, capacity: 3);

        for (var i = 1; i <= 5; i++)
        {
            await log.AppendAsync(EventSeverity.Normal, "Test", "acme/lab", null, $"event {i}", CancellationToken.None);
        }

        var (events, _) = await log.ListAsync(null, null, CancellationToken.None);
        events.Select(e => e.Message).ShouldBe(["event 3", "event 4", "event 5"]);
        events[0].Sequence.ShouldBe("00000000000000000003");
    }
}
