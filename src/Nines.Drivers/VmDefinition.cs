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
