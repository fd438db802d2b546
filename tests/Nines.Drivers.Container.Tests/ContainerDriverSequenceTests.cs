using Nines.Domain.Scenarios;
using Nines.Drivers.Container.Tests.Support;
using Nines.Drivers.Sequences;

namespace Nines.Drivers.Container.Tests;

/// <summary>VNUML <c>&lt;exec&gt;</c> sequences run on instances through the unchanged <see cref="ExecSequenceRunner"/>.</summary>
public sealed class ContainerDriverSequenceTests
{
    [RequiresRootFact]
    public async Task ExecSequenceRunner_OnAnInstance_RunsTheSequenceInOrderAndStopsAtTheFailure()
    {
        await using var host = await ContainerTestHost.StartAsync();
        await host.StartAsync(ContainerTestHost.Instance("lab.r1"));
        var scenario = new Scenario("lab", Vms:
        [
            new VmSpec("r1", Execs:
            [
                new ExecSpec("start", ExecType.Verbatim, "echo one > /tmp/log"),
                new ExecSpec("start", ExecType.Verbatim, "echo two >> /tmp/log; hostname"),
                new ExecSpec("start", ExecType.Verbatim, "exit 4"),
                new ExecSpec("start", ExecType.Verbatim, "echo never >> /tmp/log"),
            ]),
        ]);
        var runner = new ExecSequenceRunner(
            host.Driver,
            new ExecSequenceOptions((_, _) => Task.FromResult(string.Empty), (_, _) => Task.FromResult<IReadOnlyList<FileTreeEntry>>([])),
            TimeProvider.System);

        var result = await runner.RunAsync(scenario, "start", null, CancellationToken.None);

        var outcomes = result.Vms.Single().Outcomes;
        outcomes.Count.ShouldBe(3);
        outcomes[1].StandardOutput.ShouldBe("lab.r1\n");
        outcomes[2].ExitCode.ShouldBe(4);
        result.Succeeded.ShouldBeFalse();
        (await host.ShellAsync("lab.r1", "cat /tmp/log")).StandardOutput.ShouldBe("one\ntwo\n");
    }
}
