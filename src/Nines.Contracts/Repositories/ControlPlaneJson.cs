using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nines.Contracts.Repositories;

/// <summary>The JSON form of everything the control plane stores: camelCase, enums by name.</summary>
public static class ControlPlaneJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };
}
