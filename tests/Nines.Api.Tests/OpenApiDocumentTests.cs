using System.Text.Json;
using System.Text.Json.Nodes;
using Nines.Api.Tests.Support;
using Nines.Testing;

namespace Nines.Api.Tests;

/// <summary>
/// The checked-in api/openapi.json is what the code generates. To refresh it after changing the API, run
/// <c>NINES_UPDATE_OPENAPI=1 dotnet test tests/Nines.Api.Tests --filter OpenApiDocumentTests</c> and commit the file.
/// </summary>
public sealed class OpenApiDocumentTests
{
    [Fact]
    public async Task OpenApiDocument_Generated_MatchesCheckedInCopy()
    {
        await using var host = await ApiHost.StartAsync(sqlite: false);
        using var client = host.Client(null);
        var generated = Normalise(await client.GetStringAsync(NinesApi.OpenApiPath));
        var path = RepositoryPaths.Combine("api", "openapi.json");
        if (Environment.GetEnvironmentVariable("NINES_UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(path, generated);
        }

        var checkedIn = File.Exists(path) ? await File.ReadAllTextAsync(path) : string.Empty;
        if (checkedIn != generated)
        {
            var diff = LineDiff(checkedIn, generated);
            Assert.Fail($"api/openapi.json differs from the generated document (refresh: NINES_UPDATE_OPENAPI=1 dotnet test tests/Nines.Api.Tests --filter OpenApiDocumentTests):\n{diff}");
        }
    }

    [Fact]
    public async Task OpenApiDocument_EveryOperation_RequiresTheBearerScheme()
    {
        await using var host = await ApiHost.StartAsync(sqlite: false);
        using var client = host.Client(null);

        var document = JsonNode.Parse(await client.GetStringAsync(NinesApi.OpenApiPath))!;

        document["components"]!["securitySchemes"]!["bearer"]!["scheme"]!.GetValue<string>().ShouldBe("bearer");
        document["security"]!.AsArray().Count.ShouldBe(1);
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        paths.ShouldContain("/v1/deployments/{name}");
        paths.ShouldContain("/v1/deployments/{name}/vms/{vm}/actions");
        paths.ShouldContain("/v1/operations/{id}");
        paths.ShouldContain("/v1/events/follow");
    }

    private static string Normalise(string json) =>
        JsonNode.Parse(json)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }).ReplaceLineEndings("\n") + "\n";

    private static string LineDiff(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        var lines = new List<string>();
        for (var i = 0; i < Math.Max(a.Length, b.Length) && lines.Count < 40; i++)
        {
            var left = i < a.Length ? a[i] : null;
            var right = i < b.Length ? b[i] : null;
            if (left != right)
            {
                lines.Add($"line {i + 1}:\n- {left}\n+ {right}");
            }
        }

        return string.Join('\n', lines);
    }
}
