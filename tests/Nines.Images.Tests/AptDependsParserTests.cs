using Nines.Images.Packages;

namespace Nines.Images.Tests;

public sealed class AptDependsParserTests
{
    [Fact]
    public void Parse_QemuGuestAgent_ReturnsPreDependsAndDependsInOrder()
    {
        const string output = "qemu-guest-agent\n  PreDepends: init-system-helpers\n  Depends: libc6\n  Depends: libglib2.0-0\n  Depends: libnuma1\n";

        AptDependsParser.Parse(output).ShouldBe(["init-system-helpers", "libc6", "libglib2.0-0", "libnuma1"]);
    }

    [Fact]
    public void Parse_Alternatives_TakesFirstOfEachGroup()
    {
        const string output = "pkg\n |Depends: libfoo1\n  Depends: libfoo-compat\n  Depends: libbar2\n";

        AptDependsParser.Parse(output).ShouldBe(["libfoo1", "libbar2"]);
    }

    [Fact]
    public void Parse_VirtualPackage_TakesFirstProvider()
    {
        const string output = "pkg\n  Depends: <awk>\n    mawk\n    gawk\n  Depends: libc6:amd64\n";

        AptDependsParser.Parse(output).ShouldBe(["mawk", "libc6"]);
    }

    [Fact]
    public void Parse_OtherRelationsAndDuplicates_Ignored()
    {
        const string output = "pkg\n  Depends: libc6\n  Recommends: foo\n  Breaks: bar\n  Depends: libc6\n";

        AptDependsParser.Parse(output).ShouldBe(["libc6"]);
    }
}
