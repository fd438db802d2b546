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

/// <summary>A kernel to boot (VNUML <c>&lt;kernel&gt;</c>) with its optional initrd and root device.</summary>
public sealed record KernelSpec(string Path, string? Initrd = null, string? Root = null, string? Modules = null);

/// <summary>How a filesystem image is used: directly, copy-on-write, or a host directory.</summary>
public enum FilesystemType
{
    Direct,
    Cow,
    HostFs,
}

/// <summary>The root filesystem of a VM (VNUML <c>&lt;filesystem type&gt;</c>).</summary>
public sealed record FilesystemSpec(string Path, FilesystemType Type = FilesystemType.Cow);

/// <summary>A virtual disk (OVF <c>Disk</c> or native): capacity in bytes and an optional backing file.</summary>
public sealed record DiskSpec(string Id, long CapacityBytes, string? File = null, string? Format = null);

/// <summary>A console of the VM (VNUML <c>&lt;console id&gt;</c>): how the user attaches to it.</summary>
public sealed record ConsoleSpec(int Id, string Kind);

/// <summary>Which IP families a VM forwards between its interfaces (VNUML <c>&lt;forwarding type&gt;</c>).</summary>
public enum Forwarding
{
    /// <summary>Both IPv4 and IPv6 (VNUML <c>type="ip"</c>).</summary>
    Ip,
    Ipv4,
    Ipv6,
}

/// <summary>A user account created in the guest, with its groups and authorised SSH keys.</summary>
public sealed record UserSpec(
    string Username,
    string? Group = null,
    ValueList<string> Groups = default,
    ValueList<string> SshKeys = default);

/// <summary>A host directory copied into the guest at <paramref name="Root"/> when sequence <paramref name="Sequence"/> runs.</summary>
public sealed record FileTreeSpec(string Sequence, string Root, string Source, string? User = null);

/// <summary>A ProductSection property of an OVF appliance, surfaced so a deployment can set it.</summary>
public sealed record PropertySpec(
    string Key,
    string Type,
    string? Value = null,
    string? Label = null,
    string? Description = null,
    bool UserConfigurable = false,
    string? Qualifiers = null);
