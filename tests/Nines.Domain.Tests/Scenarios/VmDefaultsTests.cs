using Nines.Domain.Scenarios;

namespace Nines.Domain.Tests.Scenarios;

public sealed class VmDefaultsTests
{
    private static readonly VmDefaults _defaults = new(
        MemoryKiB: 65536,
        Kernel: new KernelSpec("/kernels/linux"),
        Filesystem: new FilesystemSpec("/fs/root", FilesystemType.Cow),
        ExecMode: "mconsole",
        Consoles: ValueList.Of(new ConsoleSpec(0, "xterm")),
        Routes: ValueList.Of(new RouteSpec(IpFamily.Ipv4, "default", "10.0.0.1")));

    [Fact]
    public void ApplyTo_UnsetValues_TakeDefaults()
    {
        var vm = _defaults.ApplyTo(new VmSpec("a"));

        vm.MemoryKiB.ShouldBe(65536);
        vm.MemoryMiB.ShouldBe(64);
        vm.Kernel.ShouldBe(new KernelSpec("/kernels/linux"));
        vm.Filesystem!.Path.ShouldBe("/fs/root");
        vm.ExecMode.ShouldBe("mconsole");
        vm.Routes.Count.ShouldBe(1);
    }

    [Fact]
    public void ApplyTo_ValuesTheVmSets_AreKept()
    {
        var own = new VmSpec(
            "b",
            MemoryKiB: 262144,
            Filesystem: new FilesystemSpec("/fs/winxp"),
            Routes: ValueList.Of(new RouteSpec(IpFamily.Ipv4, "10.0.2.0/24", "10.0.1.2")));

        var vm = _defaults.ApplyTo(own);

        vm.MemoryMiB.ShouldBe(256);
        vm.Filesystem!.Path.ShouldBe("/fs/winxp");
        vm.Routes.ShouldBe(own.Routes);
        vm.Consoles.ShouldBe(_defaults.Consoles);
    }

    [Fact]
    public void ApplyTo_VmWithImage_DoesNotInheritDefaultFilesystem()
    {
        var vm = _defaults.ApplyTo(new VmSpec("c", Image: "appliance.qcow2"));

        vm.Image.ShouldBe("appliance.qcow2");
        vm.Filesystem.ShouldBeNull();
    }

    [Fact]
    public void Effective_ScenarioWithoutDefaults_ReturnsVmUnchanged()
    {
        var vm = new VmSpec("d", MemoryKiB: 1024);
        var scenario = new Scenario("s", Vms: ValueList.Of(vm));

        scenario.Effective(vm).ShouldBeSameAs(vm);
    }

    [Fact]
    public void MemoryMiB_PartialMebibyte_RoundsUp() =>
        new VmSpec("e", MemoryKiB: 1025).MemoryMiB.ShouldBe(2);

    [Fact]
    public void Equals_ScenariosBuiltSeparately_CompareByContent()
    {
        Scenario Build() => new(
            "s",
            Networks: ValueList.Of(new NetworkSpec("Net0")),
            Vms: ValueList.Of(new VmSpec("a", Interfaces: ValueList.Of(new InterfaceSpec(1, "Net0", Ipv4: ValueList.Of(new IpAddressSpec("10.0.0.1", 24)))))));

        Build().ShouldBe(Build());
    }
}
