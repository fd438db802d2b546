using Nines.Drivers.Errors;
using Nines.Drivers.Fake;

namespace Nines.Drivers.Container.Tests;

/// <summary>Resize is an optional capability: drivers without it answer with the typed error, before doing anything.</summary>
public sealed class ResizeCapabilityTests
{
    [Fact]
    public async Task ResizeAsync_FakeDriver_ThrowsUnsupportedResize()
    {
        await using IVmDriver fake = new FakeDriver(TimeProvider.System);

        fake.Capabilities.HasFlag(DriverCapabilities.Resize).ShouldBeFalse();
        var error = await Should.ThrowAsync<UnsupportedOperationException>(() => fake.ResizeAsync("vm1", new QosChange(CpuQuotaPercent: 50), CancellationToken.None));

        error.Capability.ShouldBe(DriverCapabilities.Resize);
        error.Code.ShouldBe("unsupported-operation");
    }

    [Fact]
    public void Capabilities_ContainerDriver_DeclaresResizeAndNoSuspend()
    {
        ContainerDriver.AllCapabilities.HasFlag(DriverCapabilities.Resize).ShouldBeTrue();
        ContainerDriver.AllCapabilities.HasFlag(DriverCapabilities.SuspendToDisk).ShouldBeFalse();
    }
}
