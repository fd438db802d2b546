using Nines.Domain.Scenarios;
using Nines.Drivers.Fake;
using Nines.Drivers.Sequences;
using Nines.Scenarios;

namespace Nines.Drivers.Tests.Sequences;

/// <summary>The sequences of VNUML's tutorial scenario (Windows guests whose commands now go through the guest agent).</summary>
public class ExecSequenceRunnerTutorialTests
{
    private static Scenario Tutorial()
    {
        var file = Path.Combine(AppContext.BaseDirectory, "data", "vnuml", "tutorial_root1_xp_sysprep.xml");
        var result = ScenarioReader.Read(File.ReadAllText(file), file);
        return result.Value.ShouldNotBeNull().Scenario;
    }

    [Fact]
    public void DefinedSequences_Tutorial_EverySeqOfItsExecs()
    {
        ExecSequenceRunner.DefinedSequences(Tutorial()).ShouldBe(["calc", "deg", "dir", "enable-routing", "logout", "reboot"]);
    }

    [Fact]
    public async Task RunAsync_TutorialEnableRouting_RunsUml4sTwoCommandsInOrder()
    {
        await using var f = new SequenceFixture();
        var scenario = Tutorial();
        await f.StartAllAsync(scenario, new FakeExecRule("sc start", 0, "SERVICE_NAME: RemoteAccess\n"));

        var result = await f.Runner().RunAsync(scenario, "enable-routing", null, CancellationToken.None);

        result.Succeeded.ShouldBeTrue();
        result.Vms.ShouldHaveSingleItem().Target.ShouldBe("uml4");
        f.Driver.Calls.ShouldBe([("tutorial-r1_xp.uml4", "/bin/sh -c sc config RemoteAccess start= auto"), ("tutorial-r1_xp.uml4", "/bin/sh -c sc start RemoteAccess")]);
        result.Vms[0].Outcomes[1].StandardOutput.ShouldBe("SERVICE_NAME: RemoteAccess\n");
    }

    [Fact]
    public async Task RunAsync_TutorialCalcWithModeSystem_GoesThroughTheGuestAgentToo()
    {
        await using var f = new SequenceFixture();
        var scenario = Tutorial();
        await f.StartAllAsync(scenario);

        var result = await f.Runner().RunAsync(scenario, "calc", null, CancellationToken.None);

        result.Vms.ShouldHaveSingleItem().Outcomes.ShouldHaveSingleItem().Command.ShouldBe("calc.exe");
        f.Driver.Calls.ShouldBe([("tutorial-r1_xp.uml2", "/bin/sh -c calc.exe")]);
    }

    [Fact]
    public async Task RunAsync_TutorialCommentedOutSequence_UnknownWithTheDefinedOnes()
    {
        await using var f = new SequenceFixture();

        var error = await Should.ThrowAsync<UnknownSequenceException>(() => f.Runner().RunAsync(Tutorial(), "vlc", null, CancellationToken.None));

        error.Message.ShouldBe("sequence \"vlc\" is not defined in scenario \"tutorial-r1_xp\" (expected one of: calc, deg, dir, enable-routing, logout, reboot)");
    }
}
