using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Nines.Domain;
using Nines.Domain.Scenarios;

namespace Nines.Scenarios.Tests.Native;

/// <summary>Generators for a VM's parts, its defaults and addresses.</summary>
internal static partial class NativeScenarioGenerators
{
    private static Gen<string> Ipv4 =>
        from a in Gen.Choose(0, 255)
        from b in Gen.Choose(0, 255)
        from c in Gen.Choose(0, 255)
        from d in Gen.Choose(0, 255)
        select string.Create(CultureInfo.InvariantCulture, $"{a}.{b}.{c}.{d}");

    private static Gen<string> Ipv6 => Gen.OneOf(
        Gen.Elements("::1", "::", "fe80::1", "2001:db8::", "::ffff:10.0.0.1", "2001:DB8:0:0:8:800:200C:417A"),
        from a in Gen.Choose(0, 0xffff)
        from b in Gen.Choose(0, 0xffff)
        select string.Create(CultureInfo.InvariantCulture, $"2001:db8:{a:x}::{b:x}"));

    private static Gen<IpAddressSpec> Ipv4Cidr =>
        from address in Ipv4
        from prefix in Gen.Choose(0, 32)
        select new IpAddressSpec(address, prefix);

    private static Gen<IpAddressSpec> Ipv6Cidr =>
        from address in Ipv6
        from prefix in Gen.Choose(0, 128)
        select new IpAddressSpec(address, prefix);

    private static Gen<RouteSpec> Route => Gen.OneOf(
        from destination in Gen.OneOf(Gen.Constant("default"), Ipv4Cidr.Select(c => c.ToString()))
        from gateway in Ipv4
        select new RouteSpec(IpFamily.Ipv4, destination, gateway),
        from destination in Gen.OneOf(Gen.Constant("default"), Ipv6Cidr.Select(c => c.ToString()))
        from gateway in Ipv6
        select new RouteSpec(IpFamily.Ipv6, destination, gateway));

    // Unicast (the validator refuses multicast MACs); 48 random bits make duplicates negligible.
    private static Gen<string> Mac =>
        Gen.Choose(0, 255).ListOf(6).Select(octets => string.Join(':', octets.Select((o, i) => (i == 0 ? o & 0xFE : o).ToString("x2", CultureInfo.InvariantCulture))));

    /// <summary>Memory in KiB: exact G, exact M or odd KiB amounts.</summary>
    private static Gen<long> MemoryKiB => Gen.OneOf(
        Gen.Choose(1, 64).Select(g => (long)g << 20),
        Gen.Choose(1, 65536).Select(m => (long)m << 10),
        Gen.Choose(1024, 64 << 20).Select(k => (long)k));

    private static Gen<long> CapacityBytes => Gen.OneOf(
        Gen.Choose(0, 4096).Select(g => (long)g << 30),
        Gen.Choose(0, int.MaxValue).Select(b => (long)b),
        Gen.Choose(1, 1 << 20).Select(k => ((long)k << 10) + 1));

    private static Gen<string> ExecMode => Gen.Elements("mconsole", "net", "pts", "cdrom", "sdisk");

    private static Gen<Forwarding?> ForwardingOrNull => Optional(Gen.Elements(Forwarding.Ip, Forwarding.Ipv4, Forwarding.Ipv6));

    private static Gen<VmDefaults> Defaults =>
        from memory in Optional(MemoryKiB)
        from vcpus in Optional(Gen.Choose(1, 64))
        from kernel in Kernel.OrNull()
        from storage in Storage
        from execMode in ExecMode.OrNull()
        from shell in Text.OrNull()
        from basedir in Text.OrNull()
        from consoles in Consoles
        from routes in List(Route, 2)
        from forwarding in ForwardingOrNull
        from users in List(User, 2)
        from trees in List(FileTree, 2)
        from qos in Qos.OrNull()
        select new VmDefaults(memory, vcpus, kernel, storage.Filesystem, storage.Image, execMode, shell, basedir,
            consoles, routes, forwarding, users, trees, qos);

    private static Gen<VmSpec> Vm(string name, ValueList<NetworkSpec> networks) =>
        from type in Gen.Elements("uml", "libvirt-kvm-linux", "libvirt-kvm-windows", "qemu", "os").OrNull()
        from subtype in Gen.Elements("kvm", "lxc").OrNull()
        from os in Gen.Elements("linux", "windows", "olive").OrNull()
        from order in Optional(Gen.Choose(0, 100))
        from memory in Optional(MemoryKiB)
        from vcpus in Optional(Gen.Choose(1, 64))
        from kernel in Kernel.OrNull()
        from storage in Storage
        from execMode in ExecMode.OrNull()
        from shell in Text.OrNull()
        from basedir in Text.OrNull()
        from lists in VmLists(networks)
        from forwarding in ForwardingOrNull
        from qos in Qos.OrNull()
        select new VmSpec(name, type, subtype, os, order, memory, vcpus, kernel, storage.Filesystem, storage.Image, execMode,
            shell, basedir, lists.Disks, lists.Consoles, lists.Interfaces, lists.Routes, forwarding, lists.Users,
            lists.FileTrees, lists.Execs, qos, lists.Properties);

    /// <summary>A VM boots from a filesystem or an image (or inherits either), never both.</summary>
    private static Gen<(FilesystemSpec? Filesystem, string? Image)> Storage => Gen.OneOf(
        Gen.Constant<(FilesystemSpec?, string?)>((null, null)),
        Filesystem.Select(f => ((FilesystemSpec?)f, (string?)null)),
        ImageText.Select(i => ((FilesystemSpec?)null, (string?)i)));

    /// <summary>An image: a path the reader takes as a plain name, or one pinned to a content hash.</summary>
    private static Gen<string> ImageText => Gen.OneOf(
        PathText.Where(t => string.IsNullOrWhiteSpace(t) || ImageReference.TryParse(t, out _, out _)),
        from name in Name
        from hash in Gen.ArrayOf(Gen.Elements("0123456789abcdef".ToCharArray()), 64)
        select $"{name}@sha256:{new string(hash)}");

    /// <summary>Text a host path may be: no control character or option separator (the validator refuses those, NX1531).</summary>
    private static Gen<string> PathText => Text.Where(ScenarioLimits.IsOptionSafePath);

    private static Gen<VmListParts> VmLists(ValueList<NetworkSpec> networks) =>
        from disks in List(Disk, 2)
        from consoles in Consoles
        from interfaces in networks.IsEmpty ? Gen.Constant(ValueList<InterfaceSpec>.Empty) : Interfaces(networks)
        from routes in List(Route, 3)
        from users in List(User, 2)
        from trees in List(FileTree, 2)
        from execs in List(Exec, 4)
        from properties in List(Property, 2)
        select new VmListParts(disks, consoles, interfaces, routes, users, trees, execs, properties);

    private static Gen<KernelSpec> Kernel =>
        from path in PathText
        from initrd in PathText.OrNull()
        from root in Gen.Elements("/dev/ubda", "98:0").OrNull()
        from modules in Text.OrNull()
        select new KernelSpec(path, initrd, root, modules);

    private static Gen<FilesystemSpec> Filesystem =>
        from path in PathText
        from type in Gen.Elements(FilesystemType.Direct, FilesystemType.Cow, FilesystemType.HostFs)
        select new FilesystemSpec(path, type);

    private static Gen<DiskSpec> Disk =>
        from id in Name
        from capacity in CapacityBytes
        from file in Text.OrNull()
        from format in Gen.Elements("qcow2", "raw", "vmdk").OrNull()
        select new DiskSpec(id, capacity, file, format);

    /// <summary>Consoles with distinct ids.</summary>
    private static Gen<ValueList<ConsoleSpec>> Consoles =>
        from count in Gen.Choose(0, 2)
        from kinds in Gen.Elements("xterm", "pts", "vnc").ListOf(count)
        select ValueList.From(kinds.Select((kind, id) => new ConsoleSpec(id, kind)));

    /// <summary>
    /// Interfaces with distinct ids, each on an existing LAN (point-to-point networks take at most two
    /// interfaces, so they are left without any here).
    /// </summary>
    private static Gen<ValueList<InterfaceSpec>> Interfaces(ValueList<NetworkSpec> networks) =>
        from count in networks.Any(n => n.Type == NetworkType.Lan) ? Gen.Choose(0, 3) : Gen.Constant(0)
        from interfaces in Gen.CollectToList(Enumerable.Range(1, count), id =>
            from network in Gen.Elements(networks.Where(n => n.Type == NetworkType.Lan).Select(n => n.Name))
            from mac in Mac.OrNull()
            from ipv4 in List(Ipv4Cidr, 2)
            from ipv6 in List(Ipv6Cidr, 2)
            select new InterfaceSpec(id, network, mac, ipv4, ipv6))
        select ValueList.From(interfaces);

    private static Gen<UserSpec> User =>
        from name in Name
        from primaryGroup in Name.OrNull()
        from groups in List(Name, 3)
        from keys in List(Text, 2)
        select new UserSpec(name, primaryGroup, groups, keys);

    private static Gen<FileTreeSpec> FileTree =>
        from sequence in Name
        from root in Text
        from source in Text
        from user in Name.OrNull()
        select new FileTreeSpec(sequence, root, source, user);

    private static Gen<ExecSpec> Exec =>
        from sequence in Name
        from type in Gen.Elements(ExecType.Verbatim, ExecType.File)
        from command in Text
        from mode in ExecMode.OrNull()
        from user in Name.OrNull()
        from gui in Optional(Gen.Elements(true, false))
        select new ExecSpec(sequence, type, command, mode, user, gui);

    private static Gen<QosSpec> Qos =>
        from shares in Optional(Gen.Choose(2, 262144))
        from quota in Optional(Gen.Choose(1, 6400))
        from pinning in Gen.Elements("0", "0-1", "0-3,6", "1,3,5-7").OrNull()
            // At least the largest generated memory (64 GiB), since a limit below the VM's memory is refused.
        from limit in Optional(Gen.Choose(64 << 10, 1 << 22).Select(m => (long)m))
        from priority in Optional(Gen.Choose(1, 99))
        select new QosSpec(shares, quota, pinning, limit, priority);

    private static Gen<PropertySpec> Property =>
        from key in Name
        from type in Gen.Elements("string", "boolean", "uint16", "ip")
        from value in Text.OrNull()
        from label in Text.OrNull()
        from description in Text.OrNull()
        from configurable in Gen.Elements(true, false)
        from qualifiers in Gen.Elements("MinLen(1)", "MaxLen(64)", "ValueMap{\"a\",\"b\"}").OrNull()
        select new PropertySpec(key, type, value, label, description, configurable, qualifiers);

    /// <summary>The list-valued parts of a VM, generated together to keep the VM query short.</summary>
    private sealed record VmListParts(
        ValueList<DiskSpec> Disks,
        ValueList<ConsoleSpec> Consoles,
        ValueList<InterfaceSpec> Interfaces,
        ValueList<RouteSpec> Routes,
        ValueList<UserSpec> Users,
        ValueList<FileTreeSpec> FileTrees,
        ValueList<ExecSpec> Execs,
        ValueList<PropertySpec> Properties);
}
