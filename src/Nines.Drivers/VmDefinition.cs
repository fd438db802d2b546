using Nines.Domain;
using Nines.Domain.Scenarios;
using Nines.Drivers.Fake;

namespace Nines.Drivers;

/// <summary>
/// What a driver is asked to run: the driver-level desired spec of one VM, every value resolved
/// (no inheritance, no unset sizes). <see cref="Mapping.VmDefinitionMapper"/> builds it from a scenario's
/// <see cref="VmSpec"/>; <see cref="Validation.VmDefinitionValidator"/> checks it against the host before launch.
/// </summary>
/// <param name="Id">Unique on the host; used in file names (run directory, sockets, pid file), so file-name safe.</param>
/// <param name="Name">The VM's name in its scenario, also the guest's host name.</param>
/// <param name="MemoryMiB">Guest memory in MiB.</param>
/// <param name="Vcpus">Number of virtual CPUs.</param>
/// <param name="Boot">What to boot: a kernel (with initrd and command line) or a disk image, or a kernel with a root disk.</param>
/// <param name="Nics">Network interfaces in guest order.</param>
/// <param name="Watchdog">A hardware watchdog device and what happens when it fires; null for none.</param>
/// <param name="GuestAgent">Whether the guest runs the guest agent (exec, file write, heartbeat).</param>
/// <param name="Qos">Resource controls passed through to the driver (cgroups, pinning, real-time priority).</param>
/// <param name="RunDirectory">Where the driver keeps the VM's sockets, pid file and logs; null lets the driver choose.</param>
/// <param name="Fake">Failures for <see cref="FakeDriver"/> to act out; every other driver ignores it.</param>
/// <param name="Container">What an OS-level instance runs (command, root); the container driver's input, ignored by the others.</param>
public sealed record VmDefinition(
    string Id,
    string Name,
    long MemoryMiB,
    int Vcpus,
    BootSource Boot,
    ValueList<NicDefinition> Nics = default,
    WatchdogDefinition? Watchdog = null,
    bool GuestAgent = true,
    QosSpec? Qos = null,
    string? RunDirectory = null,
    FakeBehaviour? Fake = null,
    ContainerDefinition? Container = null);

/// <summary>
/// What the VM boots. Direct kernel boot sets <paramref name="KernelPath"/> (and usually an initrd);
/// a disk boot sets only <paramref name="DiskImagePath"/>; both together boot the kernel with the disk as root.
/// </summary>
public sealed record BootSource(
    string? KernelPath = null,
    string? InitrdPath = null,
    string? CommandLine = null,
    string? DiskImagePath = null)
{
    /// <summary>True when a kernel is booted directly (the Linux guest image), which sets the guest's memory floor.</summary>
    public bool IsDirectKernel => KernelPath is not null;

    /// <summary>The file paths this boot reads, with the field name each comes from.</summary>
    public IEnumerable<(string Field, string Path)> Paths()
    {
        if (KernelPath is not null)
        {
            yield return ("boot.kernel", KernelPath);
        }

        if (InitrdPath is not null)
        {
            yield return ("boot.initrd", InitrdPath);
        }

        if (DiskImagePath is not null)
        {
            yield return ("boot.diskImage", DiskImagePath);
        }
    }
}

/// <summary>
/// A network interface: its id in the VM (VNUML <c>if id</c>), its MAC, the scenario network it is on, and the
/// host-side attachment (a tap or bridge name the host agent created); null attachment means a private, restricted
/// user-mode network (tests that must not reach any real network).
/// </summary>
public sealed record NicDefinition(int Id, string Mac, string Network, string? Attachment = null);

/// <summary>What the hypervisor does when the guest stops feeding its watchdog.</summary>
public enum WatchdogAction
{
    /// <summary>Hard reset: the guest reboots (reported as <see cref="VmEventKind.Reset"/>).</summary>
    Reset,

    /// <summary>Power the VM off at once (reported as a crash with reason <see cref="VmExitKind.Watchdog"/>).</summary>
    Poweroff,

    /// <summary>Ask the guest to shut down; a hung guest cannot, so it is reported like <see cref="Poweroff"/>.</summary>
    Shutdown,

    /// <summary>Freeze the guest for inspection.</summary>
    Pause,

    /// <summary>Only report the event.</summary>
    None,
}

/// <summary>A watchdog device (QEMU i6300esb) with its action.</summary>
public sealed record WatchdogDefinition(WatchdogAction Action = WatchdogAction.Reset);
