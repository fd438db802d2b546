using Nines.Images.Kernel;
using Nines.Images.Tests.Support;

namespace Nines.Images.Tests;

public sealed class KernelModuleResolverTests
{
    private const string Version = "6.1.0-99-amd64";

    private static void Module(TempDirectory root, string path, string depends) =>
        root.Write($"lib/modules/{Version}/kernel/{path}", TestElf.Create(modinfo: $"license=GPL\0depends={depends}\0vermagic=x\0"));

    [Fact]
    public void Resolve_ModulesWithDependencies_DependenciesFirstEachOnce()
    {
        using var root = new TempDirectory();
        Module(root, "drivers/virtio/virtio.ko", string.Empty);
        Module(root, "drivers/virtio/virtio_ring.ko", string.Empty);
        Module(root, "drivers/virtio/virtio_pci.ko", "virtio,virtio-ring");
        Module(root, "drivers/char/virtio_console.ko", "virtio_ring,virtio");
        Module(root, "net/core/failover.ko", string.Empty);
        Module(root, "drivers/net/net_failover.ko", "failover");
        Module(root, "drivers/net/virtio_net.ko", "net_failover,virtio,virtio_ring");

        var modules = new KernelModuleResolver(root.Path, Version).Resolve(["virtio_pci", "virtio_console", "virtio_net"]);

        modules.Select(m => m.Name).ShouldBe(["virtio", "virtio_ring", "virtio_pci", "virtio_console", "failover", "net_failover", "virtio_net"]);
        modules[2].RelativePath.ShouldBe($"lib/modules/{Version}/kernel/drivers/virtio/virtio_pci.ko");
    }

    [Fact]
    public void Resolve_DependencyMissing_ThrowsNamingBothModules()
    {
        using var root = new TempDirectory();
        Module(root, "drivers/net/virtio_net.ko", "net_failover");

        var error = Should.Throw<GuestImageException>(() => new KernelModuleResolver(root.Path, Version).Resolve(["virtio_net"]));

        error.Message.ShouldContain("net_failover");
        error.Message.ShouldContain("needed by virtio_net");
    }

    [Fact]
    public void Resolve_DependencyCycle_Throws()
    {
        using var root = new TempDirectory();
        Module(root, "a.ko", "b");
        Module(root, "b.ko", "a");

        Should.Throw<GuestImageException>(() => new KernelModuleResolver(root.Path, Version).Resolve(["a"])).Message.ShouldContain("itself");
    }

    [Fact]
    public void Constructor_NoModulesDirectory_Throws()
    {
        using var root = new TempDirectory();

        Should.Throw<GuestImageException>(() => new KernelModuleResolver(root.Path, Version)).Message.ShouldContain(Version);
    }
}
