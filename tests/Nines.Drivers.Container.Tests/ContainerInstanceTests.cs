using Nines.Domain.Scenarios;

namespace Nines.Drivers.Container.Tests;

public sealed class ContainerInstanceTests
{
    [Theory]
    [InlineData(0, false, VmExitKind.GuestShutdown, 0, null)]
    [InlineData(3, false, VmExitKind.Exited, 3, null)]
    [InlineData(137, false, VmExitKind.Killed, null, 9)]
    [InlineData(143, false, VmExitKind.Killed, null, 15)]
    [InlineData(137, true, VmExitKind.OutOfMemory, null, 9)]
    public void FromStatus_ShellStatus_MapsToTheExitReason(int status, bool oom, VmExitKind kind, int? code, int? signal)
    {
        var reason = InstanceExit.FromStatus(status, oom).Reason();

        reason.Kind.ShouldBe(kind);
        reason.ExitCode.ShouldBe(code);
        reason.Signal.ShouldBe(signal);
    }

    [Fact]
    public void FromStatus_NoStatus_IsACrash() =>
        InstanceExit.FromStatus(null, false).Reason().IsCrash.ShouldBeTrue();

    [Fact]
    public void Limits_WithChange_KeepsWhatTheChangeLeavesUnset()
    {
        var definition = new VmDefinition("x", "x", 64, 1, new BootSource(), Qos: new QosSpec(CpuShares: 512, CpuPinning: "0"), Container: new ContainerDefinition(PidsLimit: 10));

        var limits = Limits.From(definition).With(new QosChange(MemoryLimitMiB: 128, CpuQuotaPercent: 50));

        limits.ShouldBe(new Limits(512, 50, "0", 128, 10));
    }
}
