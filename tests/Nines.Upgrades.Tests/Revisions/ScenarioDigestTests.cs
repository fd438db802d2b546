using System.Text;
using Nines.Domain;
using Nines.Domain.Scenarios;
using Nines.Upgrades.Revisions;

namespace Nines.Upgrades.Tests.Revisions;

public sealed class ScenarioDigestTests
{
    [Fact]
    public void Compute_AnyScenario_IsSha256HexOfTheCanonicalJson()
    {
        var lab = Scenarios.Lab();

        var digest = ScenarioDigest.Compute(lab);

        digest.ShouldMatch("^sha256:[0-9a-f]{64}$");
        digest.ShouldBe(ImageReference.DigestOf(ScenarioDigest.CanonicalJson(lab)));
    }

    [Fact]
    public void Compute_SameModelBuiltTwoWays_IsEqual()
    {
        var read = Scenarios.Read("nines: 1\nname: lab\nvms: [{name: a, memory: 64M}]\n");
        var built = new Scenario("lab", Vms: ValueList.Of(new VmSpec("a", MemoryKiB: 65536, Interfaces: ValueList<InterfaceSpec>.Empty)));

        ScenarioDigest.Compute(read).ShouldBe(ScenarioDigest.Compute(built));
    }

    [Fact]
    public void Compute_AnyValueChanged_Differs()
    {
        var lab = Scenarios.Lab();

        ScenarioDigest.Compute(lab.With("a", v => v with { Vcpus = 2 })).ShouldNotBe(ScenarioDigest.Compute(lab));
        ScenarioDigest.Compute(lab with { Tenant = "t" }).ShouldNotBe(ScenarioDigest.Compute(lab));
        ScenarioDigest.Compute(Scenarios.Lab(Scenarios.PinB)).ShouldNotBe(ScenarioDigest.Compute(lab));
    }

    [Fact]
    public void CanonicalJson_UnsetValues_AreLeftOut()
    {
        var json = Encoding.UTF8.GetString(ScenarioDigest.CanonicalJson(new Scenario("lab", Vms: [new VmSpec("a")])));

        json.ShouldBe("""{"Name":"lab","Vms":[{"Name":"a"}]}""");
    }

    [Fact]
    public void Short_Digest_KeepsTwelveHexDigits() =>
        ScenarioDigest.Short("sha256:" + new string('f', 64)).ShouldBe("sha256:ffffffffffff");
}
