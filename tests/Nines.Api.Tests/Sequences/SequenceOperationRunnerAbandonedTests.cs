using Nines.Api.Sequences;
using Nines.Contracts.Agents;
using Nines.Contracts.Model;
using Nines.Contracts.Repositories;
using Nines.Controller.Repositories;
using Nines.Store.Memory;
using Nines.Testing;

namespace Nines.Api.Tests.Sequences;

/// <summary>
/// An exec operation runs in the API process; when that process was killed mid-run, nothing ever finished it and it
/// stayed STARTING or PROCESSING for ever (found by the chaos soak: "acknowledged operations lost").
/// </summary>
public sealed class SequenceOperationRunnerAbandonedTests
{
    private static readonly DeploymentRef _deployment = new("acme", "lab");

    [Fact]
    public async Task FailAbandonedAsync_ExecNobodyWroteForAMinute_FailedWithTheReason()
    {
        var time = new FakeTimeProvider();
        await using var store = new MemoryStateStore();
        var operations = new OperationRepository(store, time);
        var runner = Runner(store, operations, time);
        var orphan = await operations.CreateAsync(OperationKind.Exec, _deployment, 1, ["a"], CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(30));
        var recent = await operations.CreateAsync(OperationKind.Exec, _deployment, 1, ["b"], CancellationToken.None);
        var deploy = await operations.CreateAsync(OperationKind.Deploy, _deployment, 1, ["a"], CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(31));

        (await runner.FailAbandonedAsync(CancellationToken.None)).ShouldBe(1);

        var failed = (await operations.GetAsync(orphan.Id, CancellationToken.None))!;
        failed.State.ShouldBe(OperationState.FAILED);
        failed.Error.ShouldNotBeNull().ShouldStartWith("interrupted: the controller running it stopped");
        failed.FinishedAt.ShouldNotBeNull();
        (await operations.GetAsync(recent.Id, CancellationToken.None))!.State.ShouldBe(OperationState.STARTING, "written 31 s ago: its run may still be alive elsewhere");
        (await operations.GetAsync(deploy.Id, CancellationToken.None))!.State.ShouldBe(OperationState.STARTING, "deploys are the reconciler's");
    }

    [Fact]
    public async Task FailAbandonedAsync_FinishedExec_LeftAsItWas()
    {
        var time = new FakeTimeProvider();
        await using var store = new MemoryStateStore();
        var operations = new OperationRepository(store, time);
        var done = await operations.CreateAsync(OperationKind.Exec, _deployment, 1, ["a"], CancellationToken.None);
        await operations.PutAsync(done with { State = OperationState.COMPLETED, FinishedAt = time.GetUtcNow() }, CancellationToken.None);
        time.Advance(TimeSpan.FromHours(1));

        (await Runner(store, operations, time).FailAbandonedAsync(CancellationToken.None)).ShouldBe(0);

        (await operations.GetAsync(done.Id, CancellationToken.None))!.State.ShouldBe(OperationState.COMPLETED);
    }

    private static SequenceOperationRunner Runner(MemoryStateStore store, OperationRepository operations, TimeProvider time) =>
        new(operations, new HostRepository(store), new EventLog(store, time), new NoAgents(), time);

    private sealed class NoAgents : IHostAgentDirectory
    {
        public IHostAgent Get(HostRecord host) => throw new InvalidOperationException("no agent is called by the sweep");
    }
}
