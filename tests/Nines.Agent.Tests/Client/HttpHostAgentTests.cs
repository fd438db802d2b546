using Nines.Agent.Hosting;
using Nines.Agent.Tests.Support;
using Nines.Controller.RemoteAgents;
using Nines.Drivers;
using Nines.Drivers.Errors;
using Nines.Drivers.Fake;
using Nines.Drivers.Sequences;
using Nines.Testing;

namespace Nines.Agent.Tests.Client;

/// <summary>
/// <see cref="HttpHostAgent"/>'s VM operations against a real agent on loopback: the same answers and the same
/// exception types (with the same messages) as the in-process agent it serves.
/// </summary>
public sealed class HttpHostAgentTests : IAsyncLifetime
{
    private readonly AgentCluster _cluster = new();
    private readonly FakeTimeProvider _time = new();
    private AgentHost _agent = null!;
    private HttpHostAgent _client = null!;

    public async Task InitializeAsync()
    {
        _agent = await _cluster.StartAgentAsync("host-a", new FakeHost(_time));
        _client = new HttpHostAgent("host-a", _agent.Url, TestPki.Controller);
        await OpsScenario.ConvergeAsync(_client, OpsScenario.Desired(), () => _time.Advance(TimeSpan.FromSeconds(1)));
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task ControlVm_PauseThenResume_ReportsEachStateAsTheDriverDoes()
    {
        (await _client.ControlVmAsync(OpsScenario.Vm1, VmOperation.Pause, CancellationToken.None)).State.ShouldBe(VmState.Paused);
        (await _client.InspectVmAsync(OpsScenario.Vm1, CancellationToken.None)).State.ShouldBe(VmState.Paused);
        (await _agent.Driver.InspectAsync(OpsScenario.Vm1, CancellationToken.None)).State.ShouldBe(VmState.Paused);

        (await _client.ControlVmAsync(OpsScenario.Vm1, VmOperation.Resume, CancellationToken.None)).State.ShouldBe(VmState.Running);
        (await _agent.Driver.InspectAsync(OpsScenario.Vm1, CancellationToken.None)).State.ShouldBe(VmState.Running);
    }

    [Fact]
    public async Task ControlVm_IllegalInTheVmsState_ThrowsTheInProcessInvalidVmStateException()
    {
        var local = await Should.ThrowAsync<InvalidVmStateException>(() => _agent.Agent.ControlVmAsync(OpsScenario.Vm2, VmOperation.Resume, CancellationToken.None));

        var remote = await Should.ThrowAsync<InvalidVmStateException>(() => _client.ControlVmAsync(OpsScenario.Vm2, VmOperation.Resume, CancellationToken.None));

        remote.Code.ShouldBe(InvalidVmStateException.ErrorCode);
        remote.Message.ShouldBe(local.Message);
        (remote.VmId, remote.Current, remote.Operation).ShouldBe((OpsScenario.Vm2, VmState.Running, VmOperation.Resume));
        (await _agent.Driver.InspectAsync(OpsScenario.Vm2, CancellationToken.None)).State.ShouldBe(VmState.Running);
    }

    [Fact]
    public async Task ControlVm_NotALifecycleOperation_ThrowsArgumentException()
    {
        var error = await Should.ThrowAsync<ArgumentException>(() => _client.ControlVmAsync(OpsScenario.Vm1, VmOperation.Exec, CancellationToken.None));

        error.Message.ShouldContain("not a lifecycle operation");
    }

    [Fact]
    public async Task InspectVm_UnknownVm_ThrowsVmNotFoundException()
    {
        var error = await Should.ThrowAsync<VmNotFoundException>(() => _client.InspectVmAsync("acme.ops.nope", CancellationToken.None));

        error.VmId.ShouldBe("acme.ops.nope");
        error.Message.ShouldBe(new VmNotFoundException("acme.ops.nope").Message);
    }

    [Fact]
    public async Task ExecVm_ScriptedCommands_ReturnOutputAndExitCode()
    {
        var ok = await _client.ExecVmAsync(OpsScenario.Vm1, GuestCommand.Shell("uname -a"), CancellationToken.None);
        var failed = await _client.ExecVmAsync(OpsScenario.Vm1, GuestCommand.Shell("false-cmd"), CancellationToken.None);

        ok.ShouldBe(new GuestExecResult(0, "Linux nines\n", string.Empty));
        failed.ShouldBe(new GuestExecResult(3, string.Empty, "boom\n"));
    }

    [Fact]
    public async Task ResizeVm_FakeDriverLacksResize_ThrowsUnsupportedOperationException()
    {
        var error = await Should.ThrowAsync<UnsupportedOperationException>(() => _client.ResizeVmAsync(OpsScenario.Vm1, new QosChange(CpuQuotaPercent: 50), CancellationToken.None));

        (error.Code, error.DriverName, error.Capability, error.VmId).ShouldBe((UnsupportedOperationException.ErrorCode, "fake", DriverCapabilities.Resize, OpsScenario.Vm1));
    }

    [Fact]
    public async Task SampleVm_RunningVm_ReturnsItsKpis()
    {
        var kpis = await _client.SampleVmAsync(OpsScenario.Vm1, CancellationToken.None);

        (kpis.Id, kpis.State, kpis.Vcpus).ShouldBe((OpsScenario.Vm1, VmState.Running, 1));
    }

    [Fact]
    public async Task RunSequence_SlowCommand_ProgressArrivesBeforeTheResult()
    {
        var progress = new List<SequenceProgress>();
        var reporter = new SynchronousProgress<SequenceProgress>(p =>
        {
            lock (progress)
            {
                progress.Add(p);
            }
        });
        var run = _client.RunSequenceAsync(OpsScenario.Deployment.Id, OpsScenario.Yaml(), ["vm1", "vm2"], "slow", reporter, CancellationToken.None);

        // The second command runs 10 s on the machine's (fake) clock: until the clock moves, only progress can arrive.
        await AgentCluster.WaitUntilAsync(() => Task.FromResult(Count(progress, p => p.Index == 2 && p.Completed is null) == 1), "the slow command started");
        run.IsCompleted.ShouldBeFalse();
        Count(progress, p => p.Completed is not null).ShouldBe(1);
        while (!run.IsCompleted)
        {
            _time.Advance(TimeSpan.FromSeconds(10));
            await Task.WhenAny(run, Task.Delay(50));
        }

        var result = await run;
        result.Succeeded.ShouldBeTrue();
        result.Vms.Single().Outcomes.Select(o => o.StandardOutput).ShouldBe(["Linux nines\n", "done\n"]);
        Count(progress, p => p.Completed is not null).ShouldBe(2);
    }

    [Fact]
    public async Task RunSequence_UnknownSequence_ThrowsUnknownSequenceExceptionListingTheDefinedOnes()
    {
        var error = await Should.ThrowAsync<UnknownSequenceException>(() =>
            _client.RunSequenceAsync(OpsScenario.Deployment.Id, OpsScenario.Yaml(), ["vm1"], "nope", null, CancellationToken.None));

        error.Sequence.ShouldBe("nope");
        error.Defined.ShouldBe(["hello", "slow"]);
    }

    private static int Count(List<SequenceProgress> progress, Func<SequenceProgress, bool> match)
    {
        lock (progress)
        {
            return progress.Count(match);
        }
    }

    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
