using Nines.ControlPlane.Tests.Support;
using Nines.Drivers;
using Nines.Testing;

namespace Nines.ControlPlane.Tests.Agents;

public sealed class LocalHostAgentTests
{
    [Fact]
    public async Task Converge_VmWithPlannedTap_DefinesNicWithDriverTapAttachment()
    {
        // Found by the real end-to-end run: the agent passed the bare tap name, which the QEMU driver refuses
        // ("not user, none or tap:NAME"); the fake driver accepted it, so only real QEMU showed it.
        var time = new FakeTimeProvider();
        await using var state = StoreKind.Open("memory", time);
        var cp = ControlPlaneHarness.Create(state, time);
        var defined = new List<VmDefinition>();
        cp.Driver.Rewrite = definition =>
        {
            defined.Add(definition);
            return definition;
        };
        await cp.RegisterHostAsync();
        await cp.Deployments.ApplyAsync(ControlPlaneHarness.Tutorial, ControlPlaneHarness.TutorialYaml(), null, null, CancellationToken.None);

        await cp.ConvergeAsync(ControlPlaneHarness.Tutorial);

        var taps = cp.Networks.Applied[ControlPlaneHarness.Tutorial.Id].Taps.ToList();
        var uml3 = defined.Last(d => d.Name == "uml3");
        uml3.Nics.Select(n => n.Attachment).ShouldBe(
            [.. uml3.Nics.Select(n => "tap:" + taps.Single(t => t.Vm == "uml3" && t.InterfaceId == n.Id).Name)]);
    }
}
