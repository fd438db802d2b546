using Nines.Domain.Scenarios;
using Nines.Scenarios.Values;

namespace Nines.Scenarios.Native.Writing;

/// <summary>VMs, defaults and their parts.</summary>
internal sealed partial class NativeScenarioEmitter
{
    private void Vm(VmSpec vm)
    {
        _out.Field("name", vm.Name);
        _out.Field("type", vm.Type);
        _out.Field("subtype", vm.Subtype);
        _out.Field("os", vm.Os);
        _out.Field("order", vm.Order);
        Memory("memory", vm.MemoryKiB);
        _out.Field("vcpus", vm.Vcpus);
        _out.Record("kernel", vm.Kernel, Kernel, flow: true);
        _out.Record("filesystem", vm.Filesystem, Filesystem, flow: true);
        _out.Field("image", vm.Image);
        _out.Field("exec_mode", vm.ExecMode);
        _out.Field("shell", vm.Shell);
        _out.Field("basedir", vm.Basedir);
        _out.Records("disks", vm.Disks, Disk, flow: true);
        _out.Records("consoles", vm.Consoles, Console, flow: true);
        _out.Records("interfaces", vm.Interfaces, Interface, flow: true);
        _out.Records("routes", vm.Routes, Route, flow: true);
        Forwarding(vm.Forwarding);
        _out.Records("users", vm.Users, User, flow: true);
        _out.Records("file_trees", vm.FileTrees, FileTree, flow: true);
        _out.Records("execs", vm.Execs, Exec);
        _out.Record("qos", vm.Qos, Qos, flow: true);
        _out.Records("properties", vm.Properties, Property);
    }

    private void Defaults(VmDefaults defaults)
    {
        Memory("memory", defaults.MemoryKiB);
        _out.Field("vcpus", defaults.Vcpus);
        _out.Record("kernel", defaults.Kernel, Kernel, flow: true);
        _out.Record("filesystem", defaults.Filesystem, Filesystem, flow: true);
        _out.Field("image", defaults.Image);
        _out.Field("exec_mode", defaults.ExecMode);
        _out.Field("shell", defaults.Shell);
        _out.Field("basedir", defaults.Basedir);
        _out.Records("consoles", defaults.Consoles, Console, flow: true);
        _out.Records("routes", defaults.Routes, Route, flow: true);
        Forwarding(defaults.Forwarding);
        _out.Records("users", defaults.Users, User, flow: true);
        _out.Records("file_trees", defaults.FileTrees, FileTree, flow: true);
        _out.Record("qos", defaults.Qos, Qos, flow: true);
    }

    private void Memory(string key, long? kib) =>
        _out.PlainField(key, kib is { } value ? SizeText.Format(value, SizeText.KiB) : null);

    private void Kernel(KernelSpec kernel)
    {
        _out.Field("path", kernel.Path);
        _out.Field("initrd", kernel.Initrd);
        _out.Field("root", kernel.Root);
        _out.Field("modules", kernel.Modules);
    }

    private void Filesystem(FilesystemSpec filesystem)
    {
        _out.Field("path", filesystem.Path);
        if (filesystem.Type != FilesystemType.Cow)
        {
            _out.PlainField("type", NativeNames.FilesystemTypes.NameOf(filesystem.Type));
        }
    }

    private void Disk(DiskSpec disk)
    {
        _out.Field("id", disk.Id);
        _out.PlainField("capacity", SizeText.Format(disk.CapacityBytes, SizeText.Bytes));
        _out.Field("file", disk.File);
        _out.Field("format", disk.Format);
    }

    private void Console(ConsoleSpec console)
    {
        _out.Field("id", console.Id);
        _out.Field("kind", console.Kind);
    }

    private void Interface(InterfaceSpec spec)
    {
        _out.Field("id", spec.Id);
        _out.Field("network", spec.Network);
        _out.Field("mac", spec.Mac);
        _out.Strings("ipv4", spec.Ipv4.Select(a => a.ToString()));
        _out.Strings("ipv6", spec.Ipv6.Select(a => a.ToString()));
    }

    private void User(UserSpec user)
    {
        _out.Field("name", user.Username);
        _out.Field("group", user.Group);
        _out.Strings("groups", user.Groups);
        _out.Strings("ssh_keys", user.SshKeys);
    }

    private void FileTree(FileTreeSpec tree)
    {
        _out.Field("seq", tree.Sequence);
        _out.Field("root", tree.Root);
        _out.Field("source", tree.Source);
        _out.Field("user", tree.User);
    }

    private void Exec(ExecSpec exec)
    {
        _out.Field("seq", exec.Sequence);
        if (exec.Type != ExecType.Verbatim)
        {
            _out.PlainField("type", NativeNames.ExecTypes.NameOf(exec.Type));
        }

        _out.Field("command", exec.Command);
        _out.Field("mode", exec.Mode);
        _out.Field("user", exec.User);
        _out.Field("gui", exec.Gui);
    }

    private void Qos(QosSpec qos)
    {
        _out.Field("cpu_shares", qos.CpuShares);
        _out.Field("cpu_quota_percent", qos.CpuQuotaPercent);
        _out.Field("cpu_pinning", qos.CpuPinning);
        _out.PlainField("memory_limit", qos.MemoryLimitMiB is { } mib ? SizeText.Format(mib * 1024, SizeText.KiB) : null);
        _out.Field("realtime_priority", qos.RealTimePriority);
    }

    private void Property(PropertySpec property)
    {
        _out.Field("key", property.Key);
        _out.Field("type", property.Type);
        _out.Field("value", property.Value);
        _out.Field("label", property.Label);
        _out.Field("description", property.Description);
        _out.Field("user_configurable", property.UserConfigurable ? true : null);
        _out.Field("qualifiers", property.Qualifiers);
    }
}
