using System.Globalization;
using Nines.Domain;
using Nines.Domain.Scenarios;

namespace Nines.Scenarios.Tests.Validation;

public sealed class ScenarioValidatorLimitsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(4095)]
    [InlineData(4096)]
    [InlineData(-1)]
    [InlineData(int.MaxValue)]
    public void Validate_VlanOutsideRange_ReportedAtNetwork(int vlan)
    {
        var h = new ValidatorHarness();
        var scenario = new Scenario("s", Networks: ValueList.Of(h.At(2, new NetworkSpec("n", Vlan: vlan))));

        h.Validate(scenario).ShouldBe(
            [$"hand.yaml:2:1: error NX1524: net[n]/vlan: network \"n\": vlan {vlan} is out of range (expected 1 to 4094; 0 and 4095 are reserved by 802.1Q)"]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4094)]
    public void Validate_VlanAtBounds_Accepted(int vlan)
    {
        var h = new ValidatorHarness();

        h.Validate(new Scenario("s", Networks: ValueList.Of(new NetworkSpec("n", Vlan: vlan)))).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("-a")]
    [InlineData(".a")]
    [InlineData("a b")]
    [InlineData("a/b")]
    [InlineData("ünï")]
    [InlineData("a,b")]
    public void Validate_VmNameDriversCannotUse_Reported(string name)
    {
        var h = new ValidatorHarness();
        var scenario = new Scenario("s", Vms: ValueList.Of(h.At(3, new VmSpec(name))));

        h.Validate(scenario).ShouldBe(
            [$"hand.yaml:3:1: error NX1529: vm[{name}]: vm name \"{name}\" cannot name a VM on a host (expected 1 to 60 of A-Z a-z 0-9 . _ -, not starting with '.' or '-'; drivers build file, process and cgroup names from it)"]);
    }

    [Fact]
    public void Validate_VmNameAtLengthLimit_AcceptedAndOneLongerReported()
    {
        var h = new ValidatorHarness();
        var longest = new string('v', ScenarioLimits.MaxVmNameLength);
        var tooLong = longest + "v";

        h.Validate(new Scenario("s", Vms: ValueList.Of(new VmSpec(longest), new VmSpec("a_b.c-1")))).ShouldBeEmpty();
        h.Validate(new Scenario("s", Vms: ValueList.Of(h.At(2, new VmSpec(tooLong))))).ShouldHaveSingleItem().ShouldStartWith($"hand.yaml:2:1: error NX1529: vm[{tooLong}]:");
    }

    [Fact]
    public void Validate_LongScenarioNetworkAndGroupNames_ReportedAndQuotedShort()
    {
        var h = new ValidatorHarness();
        var longName = new string('n', 100_000);
        var scenario = new Scenario(
            longName,
            Networks: ValueList.Of(h.At(2, new NetworkSpec(longName))),
            Vms: ValueList.Of(new VmSpec("a")),
            RedundancyGroups: ValueList.Of(h.At(4, new RedundancyGroupSpec(longName, RedundancyModel.None, ValueList.Of("a")))));

        var quoted = new string('n', 77) + "...";
        h.Validate(scenario).ShouldBe(
        [
            $"hand.yaml: error NX1529: name: scenario name \"{quoted}\" has 100000 characters, more than the 64 allowed",
            $"hand.yaml:2:1: error NX1529: net[{longName}]: network name \"{quoted}\" has 100000 characters, more than the 64 allowed",
            $"hand.yaml:4:1: error NX1529: redundancy_group[{longName}]: redundancy group name \"{quoted}\" has 100000 characters, more than the 64 allowed",
        ]);
    }

    [Fact]
    public void Validate_TooManyVmsAndNetworks_ReportedOnceEach()
    {
        var h = new ValidatorHarness();
        var scenario = new Scenario(
            "s",
            Networks: ValueList.From(Enumerable.Range(0, ScenarioLimits.MaxNetworks + 1).Select(i => new NetworkSpec(Name("n", i)))),
            Vms: ValueList.From(Enumerable.Range(0, ScenarioLimits.MaxVms + 1).Select(i => new VmSpec(Name("v", i)))));

        h.Validate(scenario).ShouldBe(
        [
            "hand.yaml: error NX1527: vm: scenario \"s\" has 10001 VMs, more than the 10000 Nines can run",
            "hand.yaml: error NX1527: net: scenario \"s\" has 2048 networks, more than the 2047 Nines can run",
        ]);
    }

    [Fact]
    public void Validate_TooManyInterfacesAndDisks_ReportedAtTheVm()
    {
        var h = new ValidatorHarness();
        var vm = h.At(3, new VmSpec(
            "a",
            Interfaces: ValueList.From(Enumerable.Range(0, ScenarioLimits.MaxInterfacesPerVm + 1).Select(i => new InterfaceSpec(i, "n"))),
            Disks: ValueList.From(Enumerable.Range(0, ScenarioLimits.MaxDisksPerVm + 1).Select(i => new DiskSpec(Name("d", i), 1)))));
        var scenario = new Scenario("s", Networks: ValueList.Of(new NetworkSpec("n")), Vms: ValueList.Of(vm));

        h.Validate(scenario).ShouldBe(
        [
            "hand.yaml:3:1: error NX1527: vm[a]/if: vm \"a\" has 27 interfaces, more than the 26 Nines can run",
            "hand.yaml:3:1: error NX1527: vm[a]/disk: vm \"a\" has 65 disks, more than the 64 Nines can run",
        ]);
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(long.MaxValue)]
    [InlineData((1L << 50) + 1)]
    public void Validate_DiskCapacityOutOfRange_ReportedAtTheDisk(long capacity)
    {
        var h = new ValidatorHarness();
        var scenario = new Scenario("s", Vms: ValueList.Of(new VmSpec("a", Disks: ValueList.Of(h.At(5, new DiskSpec("d0", capacity))))));

        h.Validate(scenario).ShouldBe(
            [$"hand.yaml:5:1: error NX1528: vm[a]/disk[d0]/capacity: vm \"a\": disk \"d0\" capacity {capacity} bytes is out of range (expected 0 to 1125899906842624 bytes, 1 PiB)"]);
    }

    [Theory]
    [InlineData("/srv/root,upperdir=/etc")]
    [InlineData("/srv/a:b")]
    [InlineData("/srv/a\\b")]
    [InlineData("/srv/disk\n")]
    public void Validate_PathWithOptionSeparators_ReportedForEveryField(string path)
    {
        var h = new ValidatorHarness();
        var vm = h.At(4, new VmSpec("a", Kernel: h.At(5, new KernelSpec(path, Initrd: path)), Filesystem: h.At(6, new FilesystemSpec(path, FilesystemType.HostFs))));
        var defaults = h.At(2, new VmDefaults(Image: path));

        var errors = h.Validate(new Scenario("s", Defaults: defaults, Vms: ValueList.Of(vm)));

        errors.Select(e => e[..e.IndexOf(" \"", StringComparison.Ordinal)]).ShouldBe(
            [
                "hand.yaml:5:1: error NX1531: vm[a]/kernel: kernel",
                "hand.yaml:5:1: error NX1531: vm[a]/kernel/initrd: kernel/initrd",
                "hand.yaml:6:1: error NX1531: vm[a]/filesystem: filesystem",
                "hand.yaml:2:1: error NX1531: defaults/image: image",
            ],
            ignoreOrder: true);
        errors.ShouldAllBe(e => e.Contains("rule safe-characters", StringComparison.Ordinal) && !e.Contains('\n', StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_PinnedImage_ChecksOnlyTheFileNameForUnsafeCharacters()
    {
        var h = new ValidatorHarness();
        var pin = "@sha256:" + new string('0', 64);

        h.Validate(new Scenario("s", Vms: ValueList.Of(new VmSpec("a", Image: "/images/csr.qcow2" + pin)))).ShouldBeEmpty();
        h.Validate(new Scenario("s", Vms: ValueList.Of(h.At(3, new VmSpec("a", Image: "/images/c,sr.qcow2" + pin)))))
            .ShouldHaveSingleItem().ShouldStartWith("hand.yaml:3:1: error NX1531: vm[a]/image: image \"/images/c,sr.qcow2\"");
    }

    [Fact]
    public void Validate_OrdinaryPaths_Accepted()
    {
        var h = new ValidatorHarness();
        var vm = new VmSpec("a", Kernel: new KernelSpec("/usr/share/vnuml/kernels/linux-2.6.28"), Filesystem: new FilesystemSpec("relative/root_fs.img"), Image: null);

        h.Validate(new Scenario("s", Vms: ValueList.Of(vm))).ShouldBeEmpty();
    }

    private static string Name(string prefix, int i) => prefix + i.ToString(CultureInfo.InvariantCulture);
}
