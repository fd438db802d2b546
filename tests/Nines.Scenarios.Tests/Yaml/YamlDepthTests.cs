using Nines.Scenarios.Clusters;
using Nines.Scenarios.Native;
using Nines.Scenarios.Yaml;

namespace Nines.Scenarios.Tests.Yaml;

/// <summary>
/// A file nested tens of thousands deep overflowed YamlDotNet's recursive tree builder, and a stack overflow ends the
/// process: one tenant's scenario stopped the controller for everyone (found by the chaos soak).
/// </summary>
public sealed class YamlDepthTests
{
    [Theory]
    [InlineData(100_000)]
    [InlineData(65)]
    public void NativeRead_NestedPastTheLimit_RefusedWhereItGetsTooDeep(int depth)
    {
        var text = "nines: 1\nname: lab\nvms: " + new string('[', depth) + new string(']', depth) + "\n";

        var result = NativeScenarioReader.Read(text, "deep.yaml");

        result.Value.ShouldBeNull();
        var error = result.Diagnostics.ShouldHaveSingleItem();
        error.Code.ShouldBe(NativeDiagnosticCodes.TooDeep);
        error.Location.Line.ShouldBe(3);

        // The mapping is level 1 and "vms: [" level 2, so the 64th '[' is the first one past the limit.
        error.Location.Column.ShouldBe(6 + YamlDepth.Max - 1);
    }

    [Fact]
    public void NativeRead_NestedMappingsBlockStyle_Refused()
    {
        var text = "nines: 1\nname: lab\n" + string.Concat(Enumerable.Range(0, 200).Select(i => new string(' ', i) + "k:\n"));

        var result = NativeScenarioReader.Read(text, "deep.yaml");

        result.Diagnostics.ShouldContain(d => d.Code == NativeDiagnosticCodes.TooDeep);
    }

    [Fact]
    public void NativeRead_NestedUpToTheLimit_ReadAsUsualWithoutTheDepthError()
    {
        // Level 1 is the document's mapping: 63 more levels of lists are still accepted (and then rejected by the schema).
        var text = "nines: 1\nname: lab\nvms: " + new string('[', YamlDepth.Max - 1) + new string(']', YamlDepth.Max - 1) + "\n";

        var result = NativeScenarioReader.Read(text, "deep.yaml");

        result.Diagnostics.ShouldNotContain(d => d.Code == NativeDiagnosticCodes.TooDeep);
    }

    [Fact]
    public void ClusterRead_NestedPastTheLimit_RefusedWithoutOverflowing()
    {
        var text = "hosts: " + new string('[', 100_000) + new string(']', 100_000) + "\n";

        var result = NativeClusterReader.Read(text, "cluster.yaml");

        result.Value.ShouldBeNull();
        result.Diagnostics.ShouldContain(d => d.Message.Contains("nest more than 64 levels", StringComparison.Ordinal));
    }
}
