using System.Text.Json;

namespace Nines.Networking.Ovs;

/// <summary>
/// Reads <c>ovs-vsctl --format=json list</c> output: <c>{"headings":[…],"data":[[…]]}</c> with OVSDB's
/// value encoding (<c>["set",[…]]</c>, <c>["map",[[k,v]…]]</c>, <c>["uuid","…"]</c>).
/// </summary>
internal static class OvsTable
{
    public static List<Dictionary<string, JsonElement>> Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var headings = document.RootElement.GetProperty("headings").EnumerateArray().Select(h => h.GetString()!).ToList();
        var rows = new List<Dictionary<string, JsonElement>>();
        foreach (var row in document.RootElement.GetProperty("data").EnumerateArray())
        {
            var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            var i = 0;
            foreach (var cell in row.EnumerateArray())
            {
                values[headings[i++]] = cell.Clone();
            }

            rows.Add(values);
        }

        return rows;
    }

    /// <summary>A string column, or an optional one (a set of zero or one).</summary>
    public static string? String(JsonElement value) => Atoms(value).Select(a => a.GetString()).FirstOrDefault();

    public static int? Integer(JsonElement value) =>
        Atoms(value).Where(a => a.ValueKind == JsonValueKind.Number).Select(a => (int?)a.GetInt32()).FirstOrDefault();

    /// <summary>An integer set column (e.g. a port's <c>trunks</c>), ascending.</summary>
    public static List<int> Integers(JsonElement value) =>
        [.. Atoms(value).Where(a => a.ValueKind == JsonValueKind.Number).Select(a => a.GetInt32()).Order()];

    public static Dictionary<string, string> Map(JsonElement value)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (value.ValueKind == JsonValueKind.Array && value[0].GetString() == "map")
        {
            foreach (var pair in value[1].EnumerateArray())
            {
                map[pair[0].GetString()!] = pair[1].GetString()!;
            }
        }

        return map;
    }

    private static IEnumerable<JsonElement> Atoms(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array && value[0].GetString() == "set"
            ? value[1].EnumerateArray()
            : [value];
}
