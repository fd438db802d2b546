namespace Nines.Scenarios.Tests.Xml;

/// <summary>
/// The VNUML reader walks elements recursively: a file nested a hundred thousand deep overflowed the stack and ended
/// the test host (and, through the API, the controller) before SafeXml bounded the depth.
/// </summary>
public sealed class DeepXmlTests
{
    [Theory]
    [InlineData("vnuml", "vm")]
    [InlineData("vnuml", "global")]
    [InlineData("Envelope", "VirtualSystem")]
    public void Read_ElementsNestedHundredThousandDeep_RefusedWithTheLocation(string root, string element)
    {
        const int depth = 100_000;
        var text = $"<{root}>\n" + string.Concat(Enumerable.Repeat($"<{element}>", depth)) + string.Concat(Enumerable.Repeat($"</{element}>", depth)) + $"</{root}>";

        var result = ScenarioReader.Read(text, "deep.xml");

        result.Succeeded.ShouldBeFalse();
        var error = result.Errors.ShouldHaveSingleItem();
        error.Message.ShouldContain("nest more than 64 levels");
        error.Location.File.ShouldBe("deep.xml");
        error.Location.Line.ShouldBe(2);
    }
}
