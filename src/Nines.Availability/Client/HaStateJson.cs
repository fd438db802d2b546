using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nines.Availability.Client;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(HaStateRecord))]
internal sealed partial class HaStateJson : JsonSerializerContext;
