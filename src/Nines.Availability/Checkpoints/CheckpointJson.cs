using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nines.Availability.Checkpoints;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(CheckpointHead))]
internal sealed partial class CheckpointJson : JsonSerializerContext;
