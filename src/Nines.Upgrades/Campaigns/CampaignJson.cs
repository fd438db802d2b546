using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nines.Upgrades.Campaigns;

/// <summary>
/// The campaign's stored form: JSON with web names (camelCase) and enums by name. A record read back equals the one
/// written, so the shell can resume from whatever it stored last.
/// </summary>
public static class CampaignJson
{
    /// <summary>The options the store and the API use for campaigns, diffs and events.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The campaign as JSON.</summary>
    public static string Serialize(UpgradeCampaign campaign) => JsonSerializer.Serialize(campaign, Options);

    /// <summary>Any of this project's records (a diff, an event, progress) as JSON, with <see cref="Options"/>.</summary>
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>Any of this project's records from its JSON; throws <see cref="JsonException"/> when the text is not one.</summary>
    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"a {typeof(T).Name} record is null");

    /// <summary>A campaign from its JSON; throws <see cref="JsonException"/> when the text is not one.</summary>
    public static UpgradeCampaign Deserialize(string json) =>
        JsonSerializer.Deserialize<UpgradeCampaign>(json, Options) ?? throw new JsonException("a campaign record is null");
}
