using Nines.Testing;

namespace Nines.Cli.Tests.Commands;

/// <summary>The files under examples/ are what users try first: they must stay valid and plannable.</summary>
public sealed class ExamplesTests
{
    private static readonly string _examples = RepositoryPaths.Combine("examples");

    public static TheoryData<string> ExampleFiles =>
        [.. Directory.GetFiles(_examples).Where(f => !f.EndsWith(".md", StringComparison.Ordinal)).Select(f => Path.GetFileName(f)).Order()];

    [Theory]
    [MemberData(nameof(ExampleFiles))]
    public async Task Validate_Example_IsValidWithoutWarnings(string file)
    {
        var result = await CliRunner.RunAsync("validate", Path.Combine(_examples, file));

        result.ExitCode.ShouldBe(0, result.Error);
        result.Error.ShouldBeEmpty();
    }

    [Fact]
    public async Task Plan_HaLabOnNativeCluster_KeepsTheRedundantPairApart()
    {
        var result = await CliRunner.RunAsync(
            "plan", Path.Combine(_examples, "ha-lab.yaml"), "--cluster", Path.Combine(_examples, "cluster.yaml"), "--output", "json");

        result.ExitCode.ShouldBe(0, result.Error);
        using var json = System.Text.Json.JsonDocument.Parse(result.Out);
        var hostOf = json.RootElement.GetProperty("hosts").EnumerateArray()
            .SelectMany(h => h.GetProperty("vms").EnumerateArray().Select(v => (Vm: v.GetString()!, Host: h.GetProperty("name").GetString()!)))
            .ToDictionary(p => p.Vm, p => p.Host);
        hostOf.Count.ShouldBe(4);
        hostOf["db-a"].ShouldNotBe(hostOf["db-b"]);
    }
}
