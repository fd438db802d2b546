using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Nines.Bench.Soak;

/// <summary>One generated request: method, path (with query) and body bytes (null: none).</summary>
internal sealed record FuzzRequest(HttpMethod Method, string Route, string Path, byte[]? Body);

/// <summary>
/// Random API calls: a route of the OpenAPI document (api/openapi.json) with its path parameters filled with the
/// fuzzing tenant's own names or junk, a hostile query now and then, and a random body (random JSON of any shape,
/// wrong types for the route's fields, or bytes that are not JSON at all). Pure given its <see cref="Random"/>.
/// </summary>
internal sealed class ApiFuzzer
{
    private static readonly string[] _junk =
    [
        "", " ", "..", "%2e%2e%2f", "a/b", "%00", "x", new string('n', 300), "ü", "\u202e", "-1", "0", "999999999999999999999", "null", "{name}", "'; DROP TABLE x;--",
    ];

    private readonly IReadOnlyList<(HttpMethod Method, string Route, IReadOnlyList<string> Fields)> _routes;

    public ApiFuzzer(string openApiJson)
    {
        var document = JsonNode.Parse(openApiJson)!;
        var schemas = document["components"]?["schemas"]?.AsObject();
        var routes = new List<(HttpMethod, string, IReadOnlyList<string>)>();
        foreach (var (route, operations) in document["paths"]!.AsObject())
        {
            // Server-sent events stream until the client leaves: not a request/answer route.
            if (route.EndsWith("/follow", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var (method, operation) in operations!.AsObject())
            {
                var reference = operation?["requestBody"]?["content"]?["application/json"]?["schema"]?["$ref"]?.GetValue<string>();
                var fields = reference is not null && schemas?[reference.Split('/')[^1]]?["properties"]?.AsObject() is { } properties
                    ? properties.Select(p => p.Key).ToList()
                    : [];
                routes.Add((new HttpMethod(method.ToUpperInvariant()), route, fields));
            }
        }

        _routes = routes;
    }

    public int RouteCount => _routes.Count;

    public FuzzRequest Next(Random random, IReadOnlyList<string> ownDeployments, string foreignTenant)
    {
        var (method, route, fields) = _routes[random.Next(_routes.Count)];
        var path = new StringBuilder();
        foreach (var segment in route.Split('/'))
        {
            if (path.Length > 0 || segment.Length > 0)
            {
                path.Append('/');
            }

            path.Append(segment switch
            {
                "{name}" => ownDeployments.Count > 0 && random.Next(2) == 0 ? ownDeployments[random.Next(ownDeployments.Count)] : Junk(random),
                "{vm}" => random.Next(2) == 0 ? "v1" : Junk(random),
                "{tenant}" => random.Next(2) == 0 ? foreignTenant : Junk(random),
                ['{', .., '}'] => Junk(random), // {id}, {host}, {group} and whatever parameter a new route brings
                _ => segment,
            });
        }

        var query = random.Next(6) switch
        {
            0 => $"?tenant={foreignTenant}",
            1 => $"?after={random.NextInt64(-10, long.MaxValue).ToString(CultureInfo.InvariantCulture)}&limit={random.Next(int.MinValue, int.MaxValue).ToString(CultureInfo.InvariantCulture)}",
            2 => "?revision=-1&tenant=%00",
            _ => string.Empty,
        };
        var body = method == HttpMethod.Get || method == HttpMethod.Delete ? (random.Next(10) == 0 ? Body(random, fields) : null) : Body(random, fields);
        return new FuzzRequest(method, route, path + query, body);
    }

    private static string Junk(Random random) => Uri.EscapeDataString(_junk[random.Next(_junk.Length)]);

    private static byte[] Body(Random random, IReadOnlyList<string> fields)
    {
        switch (random.Next(4))
        {
            case 0:
                var bytes = new byte[random.Next(0, 2048)];
                random.NextBytes(bytes);
                return bytes;
            case 1:
                // The route's own fields, each with a value of a random (mostly wrong) type.
                var known = new JsonObject();
                foreach (var field in fields)
                {
                    if (random.Next(4) != 0)
                    {
                        known[field] = Value(random, 2);
                    }
                }

                return Encoding.UTF8.GetBytes(known.ToJsonString());
            case 2:
                return Encoding.UTF8.GetBytes(Value(random, 6)?.ToJsonString() ?? "null");
            default:
                // Valid JSON framing around extremes: deep arrays, huge numbers, long strings.
                return Encoding.UTF8.GetBytes(random.Next(3) switch
                {
                    0 => new string('[', 5000) + new string(']', 5000),
                    1 => "{\"scenario\": 1e999999, \"name\": -0, \"sequence\": 18446744073709551616}",
                    _ => "{\"" + new string('k', 100_000) + "\": \"" + new string('v', 1_000_000) + "\"}",
                });
        }
    }

    private static JsonNode? Value(Random random, int depth)
    {
        var kind = depth <= 0 ? random.Next(5) : random.Next(7);
        switch (kind)
        {
            case 0:
                return null;
            case 1:
                return JsonValue.Create(random.Next(2) == 0);
            case 2:
                return JsonValue.Create(random.Next(4) switch { 0 => long.MaxValue, 1 => long.MinValue, 2 => 4096, _ => random.NextInt64() });
            case 3:
                return JsonValue.Create(random.NextDouble() * Math.Pow(10, random.Next(-300, 300)));
            case 4:
                return JsonValue.Create(_junk[random.Next(_junk.Length)]);
            case 5:
                var array = new JsonArray();
                for (var i = random.Next(5); i > 0; i--)
                {
                    array.Add(Value(random, depth - 1));
                }

                return array;
            default:
                var obj = new JsonObject();
                for (var i = random.Next(5); i > 0; i--)
                {
                    obj[$"{_junk[random.Next(_junk.Length)]}{i.ToString(CultureInfo.InvariantCulture)}"] = Value(random, depth - 1);
                }

                return obj;
        }
    }
}
