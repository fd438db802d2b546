namespace Nines.Bench.Soak.Tests;

public sealed class SoakOptionsTests
{
    [Fact]
    public void Parse_Nothing_TenMinutesEmbeddedFake()
    {
        var options = SoakOptions.Parse([], 42, out var errors);

        errors.ShouldBeEmpty();
        options.Duration.ShouldBe(TimeSpan.FromMinutes(10));
        options.Seed.ShouldBe(42);
        options.Systems.ShouldBe([SoakSystemKind.Embedded]);
        options.Driver.ShouldBe("fake");
    }

    [Fact]
    public void Parse_SecondsBothQemuSeed_AllTaken()
    {
        var options = SoakOptions.Parse(["--seconds", "60", "--system", "both", "--driver", "qemu", "--seed", "7"], 42, out var errors);

        errors.ShouldBeEmpty();
        options.Duration.ShouldBe(TimeSpan.FromSeconds(60));
        options.Systems.ShouldBe([SoakSystemKind.Embedded, SoakSystemKind.Cluster]);
        options.Driver.ShouldBe("qemu");
        options.Seed.ShouldBe(7);
    }

    [Fact]
    public void Parse_SeveralBadValues_ReportsEveryOne()
    {
        SoakOptions.Parse(["--minutes", "-1", "--system", "moon", "--driver", "xen", "--seed", "x", "--bogus"], 1, out var errors);

        errors.Count.ShouldBe(5);
    }
}
