using Nines.Domain;
using Nines.Domain.Scenarios;
using Nines.Scenarios.Native;

namespace Nines.Scenarios.Tests.Native;

public class NativeScenarioWriterTests
{
    [Fact]
    public void Write_CompleteModel_WritesTheDocumentedExample()
    {
        NativeScenarioWriter.Write(NativeExamples.CompleteModel).ShouldBe(NativeExamples.Complete);
    }

    [Fact]
    public void Write_MinimalScenario_WritesOnlyVersionAndName()
    {
        NativeScenarioWriter.Write(new Scenario("lab")).ShouldBe("nines: 1\nname: lab\n");
    }

    [Fact]
    public void Write_EmptyButPresentSections_KeepsThemAsEmptyMappings()
    {
        var scenario = new Scenario("lab", Defaults: new VmDefaults(), Host: new HostSection(), Vms: ValueList.Of(new VmSpec("a", Qos: new QosSpec())));

        var text = NativeScenarioWriter.Write(scenario);

        text.ShouldBe("nines: 1\nname: lab\ndefaults: {}\nvms:\n  - name: a\n    qos: {}\nhost: {}\n");
    }

    [Theory]
    [InlineData("yes", "\"yes\"")]
    [InlineData("No", "\"No\"")]
    [InlineData("null", "\"null\"")]
    [InlineData("~", "\"~\"")]
    [InlineData("123", "\"123\"")]
    [InlineData("1.8", "\"1.8\"")]
    [InlineData("0x1F", "\"0x1F\"")]
    [InlineData("", "\"\"")]
    [InlineData(" lead", "\" lead\"")]
    [InlineData("two\nlines", "\"two\\nlines\"")]
    [InlineData("plain-name_1", "plain-name_1")]
    [InlineData("10.0.0.1", "10.0.0.1")]
    public void Write_Strings_QuotesOnlyWhatAYamlReaderWouldMisread(string name, string written)
    {
        NativeScenarioWriter.Write(new Scenario(name)).ShouldBe($"nines: 1\nname: {written}\n");
    }

    [Theory]
    [InlineData(1L, "1K")]
    [InlineData(1536L, "1536K")]
    [InlineData(1024L, "1M")]
    [InlineData(3L << 20, "3G")]
    [InlineData(1L << 30, "1T")]
    public void Write_Memory_UsesLargestExactUnit(long kib, string written)
    {
        var text = NativeScenarioWriter.Write(new Scenario("lab", Vms: ValueList.Of(new VmSpec("a", MemoryKiB: kib))));

        text.ShouldContain($"memory: {written}\n");
    }

    [Theory]
    [InlineData(0L, "0")]
    [InlineData(1000L, "1000")]
    [InlineData(1024L, "1K")]
    [InlineData(10L << 30, "10G")]
    public void Write_DiskCapacity_IsBytesWithLargestExactUnit(long bytes, string written)
    {
        var text = NativeScenarioWriter.Write(new Scenario("lab", Vms: ValueList.Of(new VmSpec("a", Disks: ValueList.Of(new DiskSpec("d", bytes))))));

        text.ShouldContain($"capacity: {written}");
    }
}
