using Nines.Drivers.Validation;

namespace Nines.Drivers.Tests.Validation;

public class VmDefinitionValidatorTests
{
    // What realpath gives on the invented host: a missing key does not exist.
    private static readonly Dictionary<string, string> _resolved = new()
    {
        ["/images/vmlinux"] = "/images/vmlinux",
        ["/images/initrd.gz"] = "/images/initrd.gz",
        ["/images/disk.qcow2"] = "/images/disk.qcow2",
        ["/images/secret"] = "/images/secret",
        ["/images/../etc/passwd"] = "/etc/passwd",
        ["/images/shadow-link"] = "/etc/shadow",
        ["/images-other/vmlinux"] = "/images-other/vmlinux",
    };

    private static readonly HostFacts _host = new()
    {
        FreeMemoryMiB = 1024,
        Cpus = 2,
        AllowedRoots = ["/images"],
        ResolvePath = path => _resolved.GetValueOrDefault(path),
        IsReadableFile = path => path != "/images/secret",
    };

    private static VmDefinition Valid() => new(
        "tutorial.uml3",
        "uml3",
        128,
        1,
        new BootSource("/images/vmlinux", "/images/initrd.gz", "console=ttyS0"),
        [new NicDefinition(1, "fe:fd:00:00:03:01", "Net0"), new NicDefinition(2, "fe:fd:00:00:03:02", "Net1")]);

    private static (string? Field, string Message, string Code) Single(VmDefinition definition)
    {
        var diagnostics = VmDefinitionValidator.Validate(definition, _host);
        diagnostics.Count.ShouldBe(1, string.Join("\n", diagnostics));
        diagnostics[0].IsError.ShouldBeTrue();
        diagnostics[0].Location.File.ShouldBe("api");
        return (diagnostics[0].Field, diagnostics[0].Message, diagnostics[0].Code);
    }

    [Fact]
    public void Validate_ValidDefinition_NoDiagnostics()
    {
        VmDefinitionValidator.Validate(Valid(), _host).ShouldBeEmpty();
    }

    [Fact]
    public void Validate_MemoryAboveFree_NamesMemory()
    {
        Single(Valid() with { MemoryMiB = 2048 }).ShouldBe(("vm[uml3].memoryMiB", "memory 2048 MiB is more than the 1024 MiB free on this host", "NX7002"));
    }

    [Fact]
    public void Validate_MemoryBelowGuestImageFloor_NamesMemory()
    {
        Single(Valid() with { MemoryMiB = 64 }).ShouldBe(("vm[uml3].memoryMiB", "memory 64 MiB is below the 96 MiB the Linux guest image needs", "NX7002"));
    }

    [Fact]
    public void Validate_SmallMemoryForDiskImage_Accepted()
    {
        var definition = Valid() with { MemoryMiB = 64, Boot = new BootSource(DiskImagePath: "/images/disk.qcow2") };

        VmDefinitionValidator.Validate(definition, _host).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(0, "0 vCPUs is too few (expected at least 1)")]
    [InlineData(3, "3 vCPUs is more than the 2 CPUs of this host")]
    public void Validate_BadVcpus_NamesVcpus(int vcpus, string message)
    {
        Single(Valid() with { Vcpus = vcpus }).ShouldBe(("vm[uml3].vcpus", message, "NX7003"));
    }

    [Fact]
    public void Validate_KernelMissing_NamesKernel()
    {
        var definition = Valid() with { Boot = Valid().Boot with { KernelPath = "/images/nope" } };

        Single(definition).ShouldBe(("vm[uml3].boot.kernel", "\"/images/nope\" does not exist", "NX7005"));
    }

    [Fact]
    public void Validate_ImageNotReadable_NamesDiskImage()
    {
        var definition = Valid() with { Boot = Valid().Boot with { DiskImagePath = "/images/secret" } };

        Single(definition).ShouldBe(("vm[uml3].boot.diskImage", "\"/images/secret\" is not a readable file", "NX7005"));
    }

    [Fact]
    public void Validate_DotDotOutOfRoots_Refused()
    {
        var definition = Valid() with { Boot = Valid().Boot with { InitrdPath = "/images/../etc/passwd" } };

        Single(definition).ShouldBe(("vm[uml3].boot.initrd", "\"/images/../etc/passwd\" resolves to \"/etc/passwd\", which is outside the allowed directories (/images)", "NX7006"));
    }

    [Fact]
    public void Validate_SymlinkOutOfRoots_Refused()
    {
        var definition = Valid() with { Boot = Valid().Boot with { DiskImagePath = "/images/shadow-link" } };

        Single(definition).ShouldBe(("vm[uml3].boot.diskImage", "\"/images/shadow-link\" resolves to \"/etc/shadow\", which is outside the allowed directories (/images)", "NX7006"));
    }

    [Fact]
    public void Validate_SiblingWithRootAsPrefix_Refused()
    {
        var definition = Valid() with { Boot = Valid().Boot with { KernelPath = "/images-other/vmlinux" } };

        Single(definition).ShouldBe(("vm[uml3].boot.kernel", "\"/images-other/vmlinux\" is outside the allowed directories (/images)", "NX7006"));
    }

    [Fact]
    public void Validate_RelativePath_Refused()
    {
        var definition = Valid() with { Boot = Valid().Boot with { KernelPath = "vmlinux" } };

        Single(definition).ShouldBe(("vm[uml3].boot.kernel", "\"vmlinux\" is not an absolute path", "NX7005"));
    }

    [Fact]
    public void Validate_NothingToBoot_NamesBoot()
    {
        Single(Valid() with { Boot = new BootSource() }).ShouldBe(("vm[uml3].boot", "nothing to boot (expected a kernel or a disk image)", "NX7004"));
    }

    [Fact]
    public void Validate_InstanceWithNothingToBoot_Valid()
    {
        VmDefinitionValidator.Validate(Valid() with { Boot = new BootSource(), Container = new ContainerDefinition() }, _host).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("/images/root,upperdir=/etc")]
    [InlineData("/images/root:/etc")]
    [InlineData("/images/root\n")]
    public void Validate_InstanceRootWithOptionSeparators_NamesRootDirectory(string root)
    {
        // The root becomes "-o lowerdir=ROOT,upperdir=...": the container driver validates with this before it mounts.
        var (field, message, code) = Single(Valid() with { Boot = new BootSource(), Container = new ContainerDefinition(RootDirectory: root) });

        (field, code).ShouldBe(("vm[uml3].container.rootDirectory", "NX7602"));
        message.ShouldContain("rule safe-characters");
    }

    [Fact]
    public void Validate_DiskImageWithComma_NamesDiskImage()
    {
        Single(Valid() with { Boot = new BootSource(DiskImagePath: "/images/disk.qcow2,readonly=off") }).Code.ShouldBe("NX7602");
    }

    [Theory]
    [InlineData("fe:fd:00:00:03", "\"fe:fd:00:00:03\" is not a MAC address (expected six hex pairs like fe:fd:00:00:03:01)")]
    [InlineData("01:00:5e:00:00:01", "\"01:00:5e:00:00:01\" is a multicast address (the first octet must be even)")]
    [InlineData("ff:ff:ff:ff:ff:ff", "\"ff:ff:ff:ff:ff:ff\" is a multicast address (the first octet must be even)")]
    [InlineData("00:00:00:00:00:00", "\"00:00:00:00:00:00\" is the all-zero address")]
    [InlineData("FE:FD:00:00:03:01", "\"FE:FD:00:00:03:01\" is also the MAC of nic 1")]
    public void Validate_BadMac_NamesNicMac(string mac, string message)
    {
        var definition = Valid() with { Nics = [Valid().Nics[0], new NicDefinition(2, mac, "Net1")] };

        Single(definition).ShouldBe(("vm[uml3].nics[2].mac", message, mac.StartsWith("FE", StringComparison.Ordinal) ? "NX7008" : "NX7007"));
    }

    [Theory]
    [InlineData("uml 3")]
    [InlineData("../uml3")]
    [InlineData(".hidden")]
    [InlineData("-rf")]
    [InlineData("vm/1")]
    [InlineData("")]
    [InlineData("ü")]
    public void Validate_UnsafeName_NamesName(string name)
    {
        Single(Valid() with { Name = "uml3", Id = name })
            .ShouldBe(("vm[uml3].id", $"\"{name}\" is not a safe name (expected 1-64 of A-Z a-z 0-9 . _ - , not starting with '.' or '-')", "NX7001"));
    }

    [Fact]
    public void Validate_NameOf65Characters_Refused()
    {
        var name = new string('a', 65);

        Single(Valid() with { Id = name }).Field.ShouldBe("vm[uml3].id");
        VmDefinitionValidator.IsSafeName(new string('a', 64)).ShouldBeTrue();
    }

    [Fact]
    public void Validate_ManyProblems_ReportsAllTogether()
    {
        var definition = Valid() with
        {
            Id = "bad id",
            MemoryMiB = 4096,
            Vcpus = 0,
            Boot = new BootSource("/images/nope", "/images/../etc/passwd"),
            Nics = [new NicDefinition(1, "zz", "Net0"), new NicDefinition(1, "01:02:03:04:05:06", "Net0")],
        };

        var diagnostics = VmDefinitionValidator.Validate(definition, _host);

        diagnostics.Select(d => d.Field).ShouldBe(
        [
            "vm[uml3].id",
            "vm[uml3].memoryMiB",
            "vm[uml3].vcpus",
            "vm[uml3].boot.kernel",
            "vm[uml3].boot.initrd",
            "vm[uml3].nics[1].mac",
            "vm[uml3].nics[1]",
            "vm[uml3].nics[1].mac",
        ]);
        diagnostics.ShouldAllBe(d => d.IsError);
    }
}
