namespace Nines.Domain.Scenarios;

/// <summary>
/// One virtual machine as written. Unset values (<c>null</c> or empty lists) are inherited from
/// <see cref="Scenario.Defaults"/>; see <see cref="VmDefaults.ApplyTo"/>.
/// </summary>
/// <param name="Type">The VNUML type (<c>uml</c>, <c>libvirt-kvm-windows</c>, …), <c>qemu</c>, or <c>os</c> for an OS-level instance.</param>
/// <param name="Order">Boot order (VNUML <c>order</c>); lower boots first, unset boots after all ordered VMs.</param>
/// <param name="MemoryKiB">Guest memory in KiB (VNUML <c>&lt;mem&gt;</c> as <c>64M</c> or a KiB number).</param>
/// <param name="Image">A disk image reference (native or OVF) used instead of a VNUML filesystem.</param>
/// <param name="ExecMode">How commands reach the guest (VNUML <c>exec_mode</c>).</param>
public sealed record VmSpec(
    string Name,
    string? Type = null,
    string? Subtype = null,
    string? Os = null,
    int? Order = null,
    long? MemoryKiB = null,
    int? Vcpus = null,
    KernelSpec? Kernel = null,
    FilesystemSpec? Filesystem = null,
    string? Image = null,
    string? ExecMode = null,
    string? Shell = null,
    string? Basedir = null,
    ValueList<DiskSpec> Disks = default,
    ValueList<ConsoleSpec> Consoles = default,
    ValueList<InterfaceSpec> Interfaces = default,
    ValueList<RouteSpec> Routes = default,
    Forwarding? Forwarding = null,
    ValueList<UserSpec> Users = default,
    ValueList<FileTreeSpec> FileTrees = default,
    ValueList<ExecSpec> Execs = default,
    QosSpec? Qos = null,
    ValueList<PropertySpec> Properties = default)
{
    /// <summary>Memory in MiB, rounded up, or null when unset.</summary>
    public long? MemoryMiB => MemoryKiB is { } kib ? (kib + 1023) / 1024 : null;

    /// <summary>The distinct networks this VM has an interface on, in interface order.</summary>
    public IEnumerable<string> NetworkNames => Interfaces.Select(i => i.Network).Distinct(StringComparer.Ordinal);
}
