using System.Text.Json;
using Nines.Upgrades.Campaigns;

namespace Nines.Upgrades.Tests.Campaigns;

public sealed class CampaignJsonTests
{
    [Fact]
    public void Deserialize_SerializedCampaignMidRollback_IsEqual()
    {
        var h = CampaignHarness.Lab(Scenarios.Lab(Scenarios.PinA), Scenarios.Lab(Scenarios.PinB), new CampaignOptions(AllowOutage: true, SoakTime: TimeSpan.FromSeconds(5), KpiThresholds: [new KpiThreshold("cpu", Max: 1)]));
        h.Shell.BadRevisions.Add(h.Campaign.ToRevision);
        h.Run(c => c.State == CampaignState.RollingBack && c.Rollback[0].Pending is not null);

        var json = CampaignJson.Serialize(h.Campaign);
        var back = CampaignJson.Deserialize(json);

        back.ShouldBe(h.Campaign);
        json.ShouldContain("\"state\":\"rolling-back\"");
        json.ShouldContain("\"step\":\"check-redundancy\"");
        using var document = JsonDocument.Parse(json);
        document.RootElement.TryGetProperty("units", out _).ShouldBeFalse("derived members are not stored");
        document.RootElement.TryGetProperty("isFinal", out _).ShouldBeFalse("derived members are not stored");
    }

    [Fact]
    public void Deserialize_DiffEventsAndProgress_RoundTrip()
    {
        var h = CampaignHarness.Lab(Scenarios.Lab(Scenarios.PinA), Scenarios.Lab(Scenarios.PinB));
        h.Run(c => c.Units.First(u => u.Unit == "b").IsDone);
        var diff = Nines.Upgrades.Diff.ScenarioDiffer.Compare(Scenarios.Lab(Scenarios.PinA), Scenarios.Lab(Scenarios.PinB));
        var progress = CampaignProgress.Of(h.Campaign);

        CampaignJson.Deserialize<Nines.Upgrades.Diff.ScenarioDiff>(CampaignJson.Serialize(diff)).ShouldBe(diff);
        CampaignJson.Deserialize<CampaignProgress>(CampaignJson.Serialize(progress)).ShouldBe(progress);
        CampaignJson.Deserialize<CampaignEvent[]>(CampaignJson.Serialize(h.Events.ToArray())).ShouldBe(h.Events.ToArray());
    }

    [Theory]
    [InlineData("null")]
    [InlineData("{\"id\":\"c1\",\"surprise\":1}")]
    [InlineData("[1,2]")]
    public void Deserialize_NotACampaign_Throws(string json) =>
        Should.Throw<JsonException>(() => CampaignJson.Deserialize(json));
}
