using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nines.Contracts.AgentWire;

/// <summary>
/// The JSON of the agent's protocol: camelCase, enums by name, computed properties (<c>converged</c>, <c>ready</c>…)
/// not written. Requests are read strictly (<see cref="Requests"/>); answers leniently (<see cref="Answers"/>), so a
/// newer agent that adds a field to an answer does not break an older controller.
/// </summary>
public static class AgentJson
{
    /// <summary>How the agent reads request bodies: unknown fields, missing required fields and nulls where none are allowed are errors.</summary>
    public static JsonSerializerOptions Requests { get; } = Create(strict: true);

    /// <summary>How both sides write, and how the client reads answers.</summary>
    public static JsonSerializerOptions Answers { get; } = Create(strict: false);

    private static JsonSerializerOptions Create(bool strict)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            IgnoreReadOnlyProperties = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Converters = { new JsonStringEnumConverter() },
        };
        if (strict)
        {
            options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            options.RespectNullableAnnotations = true;
            options.RespectRequiredConstructorParameters = true;
        }

        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
