using Nines.Domain.Diagnostics;
using Nines.Drivers.HostPaths;

namespace Nines.Drivers.Tests.HostPaths;

/// <summary>The pure decision, on invented facts: which real paths a tenant's VM may use.</summary>
public sealed class HostPathPolicyTests
{
    private static readonly HostPathPolicy _policy = new(["/srv/images"], "/var/lib/nines/images");
    private static readonly SourceLocation _at = SourceLocation.OfFile("web.yaml");

    private static Diagnostic? Decide(string resolved, HostFileType type, HostPathKind kind = HostPathKind.File, bool mayBeMissing = false, bool strict = false, bool throughSymlink = false) =>
        _policy.Decide("acme", new HostPathUse("vm[r1]/image", "/written", kind, mayBeMissing), new HostPathFacts(resolved, type, throughSymlink), _at, strict);

    [Theory]
    [InlineData("/srv/images/disk.qcow2")]
    [InlineData("/var/lib/nines/images/acme/disk.qcow2")]
    [InlineData("/var/lib/nines/images/acme/sub/dir/disk.qcow2")]
    public void Decide_RegularFileInALibrary_Allowed(string resolved) =>
        Decide(resolved, HostFileType.RegularFile).ShouldBeNull();

    [Theory]
    [InlineData("/etc/shadow")]
    [InlineData("/srv/images-other/disk.qcow2")]
    [InlineData("/var/lib/nines/images")]
    [InlineData("/var/lib/nines/state.db")]
    public void Decide_OutsideTheLibraries_RefusedWithInsideRule(string resolved)
    {
        var refused = Decide(resolved, HostFileType.RegularFile).ShouldNotBeNull();

        refused.Code.ShouldBe(HostPathCodes.OutsideLibraries);
        refused.Field.ShouldBe("vm[r1]/image");
        refused.Message.ShouldContain("rule inside-image-library");
        refused.Message.ShouldContain("/var/lib/nines/images/acme");
    }

    [Fact]
    public void Decide_AnotherTenantsLibrary_RefusedWithOwnLibraryRule()
    {
        var refused = Decide("/var/lib/nines/images/globex/disk.qcow2", HostFileType.RegularFile).ShouldNotBeNull();

        refused.Code.ShouldBe(HostPathCodes.OtherTenant);
        refused.Message.ShouldContain("rule own-library");
    }

    [Fact]
    public void Decide_TenantWhoseNameIsAPrefixOfAnother_DoesNotReachIt() =>
        Decide("/var/lib/nines/images/acme2/disk.qcow2", HostFileType.RegularFile)!.Code.ShouldBe(HostPathCodes.OtherTenant);

    [Theory]
    [InlineData(HostFileType.BlockDevice, "a block device")]
    [InlineData(HostFileType.CharacterDevice, "a character device")]
    [InlineData(HostFileType.Fifo, "a FIFO")]
    [InlineData(HostFileType.Socket, "a socket")]
    [InlineData(HostFileType.Directory, "a directory")]
    public void Decide_NotARegularFile_RefusedNamingItsType(HostFileType type, string described)
    {
        var refused = Decide("/srv/images/x", type).ShouldNotBeNull();

        refused.Code.ShouldBe(HostPathCodes.WrongType);
        refused.Message.ShouldContain($"is {described}, not a regular file (rule file-type");
    }

    [Fact]
    public void Decide_HostfsRootThatIsAFile_RefusedAsNotADirectory() =>
        Decide("/srv/images/root", HostFileType.RegularFile, HostPathKind.Directory)!.Message.ShouldContain("not a directory");

    [Fact]
    public void Decide_MissingOutsideWhereTheGuestImageReplacesIt_Allowed() =>
        Decide("/usr/share/vnuml/kernels/linux", HostFileType.Missing, mayBeMissing: true).ShouldBeNull();

    [Fact]
    public void Decide_MissingOutsideOnTheAgent_Refused() =>
        Decide("/usr/share/vnuml/kernels/linux", HostFileType.Missing, mayBeMissing: true, strict: true)!.Code.ShouldBe(HostPathCodes.OutsideLibraries);

    [Fact]
    public void Decide_MissingOutsideWhereNothingReplacesIt_RefusedAsOutsideNotAsMissing() =>
        Decide("/etc/nothing-here", HostFileType.Missing)!.Code.ShouldBe(HostPathCodes.OutsideLibraries, "the answer must not tell whether a file outside exists");

    [Fact]
    public void Decide_MissingInsideWhereNothingReplacesIt_RefusedAsMissing() =>
        Decide("/srv/images/not-uploaded.qcow2", HostFileType.Missing)!.Code.ShouldBe(HostPathCodes.Missing);

    [Fact]
    public void Decide_ThroughASymlinkOut_SaysALinkLeadsOut() =>
        Decide("/etc/passwd", HostFileType.RegularFile, throughSymlink: true)!.Message.ShouldContain("a symbolic link on the way leads out");

    [Fact]
    public void Decide_NoLibrariesAtAll_RefusesEverythingAndSaysNoneIsConfigured()
    {
        var refused = HostPathPolicy.None.Decide("acme", new HostPathUse("vm[r1]/image", "/srv/x", HostPathKind.File, false), new HostPathFacts("/srv/x", HostFileType.RegularFile, false), _at);

        refused!.Message.ShouldContain("none is configured");
    }

    [Theory]
    [InlineData("/srv/images/root,upperdir=/etc")]
    [InlineData("/srv/images/a:b")]
    [InlineData("/srv/images/a\\b")]
    [InlineData("/srv/images/disk\n")]
    public void CheckSyntax_OptionMetacharacters_RefusedWithSafeCharactersRule(string path)
    {
        var refused = HostPathPolicy.CheckSyntax(new HostPathUse("vm[r1]/filesystem", path, HostPathKind.Directory, false), _at, out var probe).ShouldNotBeNull();

        refused.Code.ShouldBe(HostPathCodes.UnsafeCharacters);
        refused.Message.ShouldContain("rule safe-characters");
        refused.Message.ShouldNotContain("\n");
        probe.ShouldBeFalse();
    }

    [Theory]
    [InlineData("disk.qcow2", HostPathKind.File, HostPathCodes.NotAbsolute)]
    [InlineData("", HostPathKind.File, HostPathCodes.NotAbsolute)]
    [InlineData("../../etc/passwd", HostPathKind.PackageReference, HostPathCodes.NotAbsolute)]
    public void CheckSyntax_RelativeHostPath_Refused(string path, HostPathKind kind, string code) =>
        HostPathPolicy.CheckSyntax(new HostPathUse("vm[r1]/image", path, kind, true), _at, out _)!.Code.ShouldBe(code);

    [Fact]
    public void CheckSyntax_RelativePackageReference_AcceptedWithoutAProbe()
    {
        HostPathPolicy.CheckSyntax(new HostPathUse("vm[r1]/disk[d1]/file", "disks/web.qcow2", HostPathKind.PackageReference, true), _at, out var probe).ShouldBeNull();

        probe.ShouldBeFalse();
    }
}
