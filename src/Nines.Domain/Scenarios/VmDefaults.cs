namespace Nines.Domain.Scenarios;

/// <summary>
/// Values every VM inherits (VNUML <c>vm_defaults</c>). A scalar the VM leaves unset takes the default;
/// a list the VM leaves empty takes the default list (a VM that writes its own list replaces it).
/// </summary>
public sealed record VmDefaults(
    long? MemoryKiB = null,
    int? Vcpus = null,
    KernelSpec? Kernel = null,
    FilesystemSpec? Filesystem = null,
    string? Image = null,
    string? ExecMode = null,
    string? Shell = null,
    string? Basedir = null,
    ValueList<ConsoleSpec> Consoles = default,
    ValueList<RouteSpec> Routes = default,
    Forwarding? Forwarding = null,
    ValueList<UserSpec> Users = default,
    ValueList<FileTreeSpec> FileTrees = default,
    QosSpec? Qos = null)
{
    /// <summary>Returns <paramref name="vm"/> with every unset value taken from these defaults.</summary>
    public VmSpec ApplyTo(VmSpec vm) => vm with
    {
        MemoryKiB = vm.MemoryKiB ?? MemoryKiB,
        Vcpus = vm.Vcpus ?? Vcpus,
        Kernel = vm.Kernel ?? Kernel,
        Filesystem = vm.Filesystem ?? (vm.Image is null ? Filesystem : null),
        Image = vm.Image ?? (vm.Filesystem is null ? Image : null),
        ExecMode = vm.ExecMode ?? ExecMode,
        Shell = vm.Shell ?? Shell,
        Basedir = vm.Basedir ?? Basedir,
        Consoles = vm.Consoles.IsEmpty ? Consoles : vm.Consoles,
        Routes = vm.Routes.IsEmpty ? Routes : vm.Routes,
        Forwarding = vm.Forwarding ?? Forwarding,
        Users = vm.Users.IsEmpty ? Users : vm.Users,
        FileTrees = vm.FileTrees.IsEmpty ? FileTrees : vm.FileTrees,
        Qos = vm.Qos ?? Qos,
    };
}
