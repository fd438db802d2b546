using FsCheck;
using FsCheck.Fluent;
using Nines.Domain;
using Nines.Domain.Scenarios;
using Nines.Scenarios.Native;

namespace Nines.Scenarios.Tests.Native;

/// <summary>The native format is lossless: model → native → model gives the same model, and writing is a fixed point.</summary>
public class NativeRoundTripTests
{
    private static readonly Config _config = Config.QuickThrowOnFailure.WithMaxTest(300);

    [Fact]
    public void ReadWrite_ArbitraryValidScenario_ReadsBackEqual()
    {
        var property = Prop.ForAll(NativeScenarioGenerators.Scenario.ToArbitrary(), scenario =>
        {
            var text = NativeScenarioWriter.Write(scenario);
            var result = NativeScenarioReader.Read(text, "generated.yaml");
            result.Errors.ShouldBeEmpty($"written text:\n{text}");
            result.Value!.Scenario.ShouldBe(scenario, $"written text:\n{text}");
        });
        Check.One(_config, property);
    }

    [Fact]
    public void Write_ReadBackScenario_WritesIdenticalText()
    {
        var property = Prop.ForAll(NativeScenarioGenerators.Scenario.ToArbitrary(), scenario =>
        {
            var text = NativeScenarioWriter.Write(scenario);
            var again = NativeScenarioWriter.Write(NativeScenarioReader.Read(text, "generated.yaml").Value!.Scenario);
            again.ShouldBe(text);
        });
        Check.One(_config, property);
    }

    [Fact]
    public void Write_SameScenarioTwice_IsDeterministic()
    {
        var property = Prop.ForAll(NativeScenarioGenerators.Scenario.ToArbitrary(), scenario =>
            NativeScenarioWriter.Write(scenario) == NativeScenarioWriter.Write(scenario with { }));
        Check.One(_config, property);
    }

    [Theory]
    [MemberData(nameof(TrickyTexts))]
    public void ReadWrite_TrickyCommand_RoundTripsExactly(string command)
    {
        // A scenario name has at most ScenarioLimits.MaxNameLength characters; the command and user have no limit.
        var scenario = new Scenario(command[..Math.Min(command.Length, ScenarioLimits.MaxNameLength)], Vms: ValueList.Of(new VmSpec("vm", Execs: ValueList.Of(new ExecSpec(command, ExecType.Verbatim, command, User: command)))));

        var result = NativeScenarioReader.Read(NativeScenarioWriter.Write(scenario), "t.yaml");

        result.Value!.Scenario.ShouldBe(scenario);
    }

    public static TheoryData<string> TrickyTexts() =>
    [
        "yes", "no", "null", "~", "123", "1.8", "a: b", "x # y", " lead", "trail ", "l1\nl2", "l1\r\nl2", "'\"", "ünï 😀",
        "-", "- x", "[a, b]", "{a: b}", "*a", "&a", "!t", "%d", "@", "`", "|", ">", "---", "...", "\0", "\t", "\u2028",
        new string('x', 500) + " " + new string('y', 500),
    ];
}
