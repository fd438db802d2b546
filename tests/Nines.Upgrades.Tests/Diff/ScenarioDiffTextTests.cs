using Nines.Domain.Scenarios;
using Nines.Upgrades.Diff;
using Nines.Upgrades.Revisions;

namespace Nines.Upgrades.Tests.Diff;

public sealed class ScenarioDiffTextTests
{
    [Fact]
    public void Render_MixedChanges_PrintsAPlanLikeTerraform()
    {
        var from = Scenarios.Lab();
        var to = Scenarios.Lab(Scenarios.PinB) with { Vms = [.. Scenarios.Lab(Scenarios.PinB).Vms.Where(v => v.Name is not ("w1" or "w2" or "w3")), new VmSpec("extra", Image: "x.qcow2")] };
        to = to with { RedundancyGroups = [to.RedundancyGroups[0]] };
        to = to.With("lone", v => v with { Image = Scenarios.PinA, Order = 2 });

        var text = ScenarioDiffText.Render(ScenarioDiffer.Compare(from, to));

        text.ShouldBe(
            $"""
            revision {ScenarioDigest.Short(ScenarioDigest.Compute(from))} -> {ScenarioDigest.Short(ScenarioDigest.Compute(to))}
            ~ vm a (restart: campaign in group pair)
                image: {Scenarios.PinA} -> {Scenarios.PinB}  (restart: the guest boots from it)
            ~ vm b (restart: campaign in group pair)
                image: {Scenarios.PinA} -> {Scenarios.PinB}  (restart: the guest boots from it)
            ~ vm lone (live)
                order: (unset) -> 2  (live: the boot order matters only when the deployment starts)
            + vm extra
            - vm w1
            - vm w2
            - vm w3
            - group web
            Plan: 1 to add, 3 to remove, 3 to change (2 to restart: 2 as an upgrade campaign, 0 as an outage).

            """.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Render_NoChange_SaysSo()
    {
        var lab = Scenarios.Lab();

        ScenarioDiffText.Render(ScenarioDiffer.Compare(lab, lab)).ShouldBe($"No changes: the deployment already runs revision {ScenarioDigest.Short(ScenarioDigest.Compute(lab))}.\n");
    }
}
