using System.Text.Json.Nodes;

namespace Nines.Bench.Soak;

/// <summary>
/// The loops <c>GET /v1/health</c> reports: today's health has no <c>loops</c> member (not reported); the
/// supervised one lists each loop with its state, as an array of objects (<c>name</c>, <c>state</c> or
/// <c>status</c>) or as an object of name → state (a string, or an object with <c>state</c>/<c>status</c>).
/// </summary>
internal sealed record HealthLoops(bool Reported, string? Status, IReadOnlyList<string> Dead, int Count)
{
    private static readonly HashSet<string> _alive = new(StringComparer.OrdinalIgnoreCase) { "running", "ok", "up", "healthy", "alive", "idle", "standby", "waiting", "active" };

    public static HealthLoops Parse(string body)
    {
        JsonNode? health;
        try
        {
            health = JsonNode.Parse(body);
        }
        catch (System.Text.Json.JsonException)
        {
            return new HealthLoops(false, null, [], 0);
        }

        var status = health?["status"]?.ToString();
        var loops = health?["loops"];
        var states = new List<(string Name, string State)>();
        switch (loops)
        {
            case JsonArray array:
                var index = 0;
                foreach (var loop in array)
                {
                    states.Add((loop?["name"]?.ToString() ?? $"loop {index}", StateOf(loop)));
                    index++;
                }

                break;
            case JsonObject map:
                foreach (var (name, loop) in map)
                {
                    states.Add((name, StateOf(loop)));
                }

                break;
            default:
                return new HealthLoops(false, status, [], 0);
        }

        return new HealthLoops(true, status, [.. states.Where(s => !_alive.Contains(s.State)).Select(s => $"{s.Name} ({s.State})")], states.Count);
    }

    private static string StateOf(JsonNode? loop) => loop switch
    {
        JsonValue value => value.ToString(),
        JsonObject obj => (obj["state"] ?? obj["status"])?.ToString() ?? (obj["alive"] ?? obj["running"])?.ToString() switch
        {
            "true" or "True" => "running",
            "false" or "False" => "dead",
            _ => "unknown",
        },
        _ => "unknown",
    };
}
