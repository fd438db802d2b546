using Nines.Domain.Scenarios;
using Nines.Scenarios.Values;
using YamlDotNet.RepresentationModel;

namespace Nines.Scenarios.Native.Reading;

/// <summary>VMs and <c>defaults</c>: the settings a VM can have and inherit.</summary>
internal sealed partial class NativeScenarioBuilder
{
    /// <summary>KiB (2^10 bytes) is the base unit of memory sizes; a plain number is KiB, as in VNUML.</summary>
    private static readonly string[] _vmKeys =
    [
        "name", "type", "subtype", "os", "order", "memory", "vcpus", "kernel", "filesystem", "image", "exec_mode",
        "shell", "basedir", "disks", "consoles", "interfaces", "routes", "forwarding", "users", "file_trees", "execs",
        "qos", "properties",
    ];

    private static readonly string[] _defaultsKeys =
    [
        "memory", "vcpus", "kernel", "filesystem", "image", "exec_mode", "shell", "basedir", "consoles", "routes",
        "forwarding", "users", "file_trees", "qos",
    ];

    private static readonly string[] _kernelKeys = ["path", "initrd", "root", "modules"];
    private static readonly string[] _filesystemKeys = ["path", "type"];
    private static readonly string[] _diskKeys = ["id", "capacity", "file", "format"];
    private static readonly string[] _consoleKeys = ["id", "kind"];
    private static readonly string[] _interfaceKeys = ["id", "network", "mac", "ipv4", "ipv6"];
    private static readonly string[] _userKeys = ["name", "group", "groups", "ssh_keys"];
    private static readonly string[] _fileTreeKeys = ["seq", "root", "source", "user"];
    private static readonly string[] _execKeys = ["seq", "type", "command", "mode", "user", "gui"];
    private static readonly string[] _qosKeys = ["cpu_shares", "cpu_quota_percent", "cpu_pinning", "memory_limit", "realtime_priority"];
    private static readonly string[] _propertyKeys = ["key", "type", "value", "label", "description", "user_configurable", "qualifiers"];

    private VmSpec? Vm(YamlNode node, string path)
    {
        if (_context.Mapping(node, path, "a VM", _vmKeys) is not { } m)
        {
            return null;
        }

        // Every field is read even without a name, so all its mistakes are reported; a VM without a name
        // is then left out, so the scenario checks do not report the same mistake again.
        var name = m.RequiredString("name");
        var vm = new VmSpec(
            name ?? string.Empty,
            Type: m.String("type"),
            Subtype: m.String("subtype"),
            Os: m.String("os"),
            Order: m.Int("order", 0),
            MemoryKiB: Memory(m),
            Vcpus: m.Int("vcpus", 1),
            Kernel: m.Read("kernel", Kernel),
            Filesystem: m.Read("filesystem", Filesystem),
            Image: m.Read("image", _context.Image),
            ExecMode: m.String("exec_mode"),
            Shell: m.String("shell"),
            Basedir: m.String("basedir"),
            Disks: m.List("disks", Disk),
            Consoles: m.List("consoles", Console),
            Interfaces: m.List("interfaces", Interface),
            Routes: m.List("routes", Route),
            Forwarding: m.Enum("forwarding", NativeNames.Forwardings),
            Users: m.List("users", User),
            FileTrees: m.List("file_trees", FileTree),
            Execs: m.List("execs", Exec),
            Qos: m.Read("qos", Qos),
            Properties: m.List("properties", Property));
        return name is null ? null : _context.Record(vm, node);
    }

    private VmDefaults? Defaults(YamlNode node, string path)
    {
        if (_context.Mapping(node, path, "defaults", _defaultsKeys) is not { } m)
        {
            return null;
        }

        return _context.Record(
            new VmDefaults(
                MemoryKiB: Memory(m),
                Vcpus: m.Int("vcpus", 1),
                Kernel: m.Read("kernel", Kernel),
                Filesystem: m.Read("filesystem", Filesystem),
                Image: m.Read("image", _context.Image),
                ExecMode: m.String("exec_mode"),
                Shell: m.String("shell"),
                Basedir: m.String("basedir"),
                Consoles: m.List("consoles", Console),
                Routes: m.List("routes", Route),
                Forwarding: m.Enum("forwarding", NativeNames.Forwardings),
                Users: m.List("users", User),
                FileTrees: m.List("file_trees", FileTree),
                Qos: m.Read("qos", Qos)),
            node);
    }

    private long? Memory(NativeMapping m) =>
        m.ReadValue("memory", (node, path) => _context.Size(node, path, SizeText.KiB, "KiB", 1));

    private KernelSpec? Kernel(YamlNode node, string path)
    {
        if (_context.Mapping(node, path, "a kernel", _kernelKeys) is not { } m)
        {
            return null;
        }

        var kernel = new KernelSpec(m.RequiredString("path") ?? string.Empty, m.String("initrd"), m.String("root"), m.String("modules"));
        return _context.Record(kernel, node);
    }

    private FilesystemSpec? Filesystem(YamlNode node, string path)
    {
        if (_context.Mapping(node, path, "a filesystem", _filesystemKeys) is not { } m)
        {
            return null;
        }

        var filesystem = new FilesystemSpec(
            m.RequiredString("path") ?? string.Empty,
            m.Enum("type", NativeNames.FilesystemTypes) ?? FilesystemType.Cow);
        return _context.Record(filesystem, node);
    }

    private DiskSpec? Disk(YamlNode node, string path)
    {
        if (_context.Mapping(node, path, "a disk", _diskKeys) is not { } m)
        {
            return null;
        }

        var disk = new DiskSpec(
            m.RequiredString("id") ?? string.Empty,
            m.ReadRequiredValue("capacity", (value, at) => _context.Size(value, at, SizeText.Bytes, "bytes", 0)) ?? 0,
            m.String("file"),
            m.String("format"));
        return _context.Record(disk, node);
    }

    private ConsoleSpec? Console(YamlNode node, string path)
    {
        if (_context.Mapping(node, path, "a console", _consoleKeys) is not { } m)
        {
            return null;
        }

        var console = new ConsoleSpec(m.RequiredInt("id", 0) ?? 0, m.RequiredString("kind") ?? string.Empty);
        return _context.Record(console, node);
    }

    private InterfaceSpec? Interface(YamlNode node, string path)
    {
        if (_context.Mapping(node, path, "an interface", _interfaceKeys) is not { } m)
        {
            return null;
        }

        var spec = new InterfaceSpec(
            m.RequiredInt("id", 0) ?? 0,
            m.RequiredString("network") ?? string.Empty,
            m.Read("mac", _context.Mac),
            m.List("ipv4", (item, at) => _context.Cidr(item, at, IpFamily.Ipv4)),
            m.List("ipv6", (item, at) => _context.Cidr(item, at, IpFamily.Ipv6)));
        return _context.Record(spec, node);
    }

    private UserSpec? User(YamlNode node, string path)
    {
        if (_context.Mapping(node, path, "a user", _userKeys) is not { } m)
        {
            return null;
        }

        var user = new UserSpec(m.RequiredString("name") ?? string.Empty, m.String("group"), m.Strings("groups"), m.Strings("ssh_keys"));
        return _context.Record(user, node);
    }

    private FileTreeSpec? FileTree(YamlNode node, string path)
    {
        if (_context.Mapping(node, path, "a file tree", _fileTreeKeys) is not { } m)
        {
            return null;
        }

        var tree = new FileTreeSpec(
            m.RequiredString("seq") ?? string.Empty,
            m.RequiredString("root") ?? string.Empty,
            m.RequiredString("source") ?? string.Empty,
            m.String("user"));
        return _context.Record(tree, node);
    }

    private ExecSpec? Exec(YamlNode node, string path)
    {
        if (_context.Mapping(node, path, "an exec", _execKeys) is not { } m)
        {
            return null;
        }

        var exec = new ExecSpec(
            m.RequiredString("seq") ?? string.Empty,
            m.Enum("type", NativeNames.ExecTypes) ?? ExecType.Verbatim,
            m.RequiredString("command") ?? string.Empty,
            m.String("mode"),
            m.String("user"),
            m.Bool("gui"));
        return _context.Record(exec, node);
    }

    private QosSpec? Qos(YamlNode node, string path)
    {
        if (_context.Mapping(node, path, "qos", _qosKeys) is not { } m)
        {
            return null;
        }

        var qos = new QosSpec(
            m.Int("cpu_shares", 1),
            m.Int("cpu_quota_percent", 1),
            m.String("cpu_pinning"),
            m.ReadValue("memory_limit", MemoryLimitMiB),
            m.Int("realtime_priority", 1, 99));
        return _context.Record(qos, node);
    }

    /// <summary>The limit is written like any memory size but kept in whole MiB.</summary>
    private long? MemoryLimitMiB(YamlNode node, string path)
    {
        if (_context.Size(node, path, SizeText.KiB, "KiB", 1024) is not { } kib)
        {
            return null;
        }

        if (kib % 1024 != 0)
        {
            _context.Error(NativeDiagnosticCodes.BadSize, node, path,
                $"\"{((YamlScalarNode)node).Value}\" is not a whole number of MiB (expected e.g. 512M or 2G)");
            return null;
        }

        return kib / 1024;
    }

    private PropertySpec? Property(YamlNode node, string path)
    {
        if (_context.Mapping(node, path, "a property", _propertyKeys) is not { } m)
        {
            return null;
        }

        var property = new PropertySpec(
            m.RequiredString("key") ?? string.Empty,
            m.RequiredString("type") ?? string.Empty,
            m.String("value"),
            m.String("label"),
            m.String("description"),
            m.Bool("user_configurable") ?? false,
            m.String("qualifiers"));
        return _context.Record(property, node);
    }
}
