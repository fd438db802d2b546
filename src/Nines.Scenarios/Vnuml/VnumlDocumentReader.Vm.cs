using System.Xml.Linq;
using Nines.Domain.Scenarios;
using Nines.Scenarios.Values;

namespace Nines.Scenarios.Vnuml;

/// <summary><c>&lt;vm&gt;</c> and <c>&lt;vm_defaults&gt;</c>, which share most of their children.</summary>
internal sealed partial class VnumlDocumentReader
{
    private VmDefaults ReadDefaults(XElement element)
    {
        var scope = VnumlScope.Root.Child("vm_defaults", "vm_defaults");
        var execMode = TryChoice(element, "exec_mode", VnumlChoices.VmExecModes, scope, required: false, out var mode) ? mode : null;
        var body = ReadVmBody(element, "vm_defaults", scope);
        var defaults = new VmDefaults(
            MemoryKiB: body.MemoryKiB,
            Kernel: body.Kernel,
            Filesystem: body.Filesystem,
            ExecMode: execMode,
            Shell: body.Shell,
            Basedir: body.Basedir,
            Consoles: body.Consoles,
            Routes: body.Routes,
            Forwarding: body.Forwarding,
            Users: body.Users,
            FileTrees: body.FileTrees);
        _map.Record(defaults, At(element));
        return defaults;
    }

    /// <summary>A VM, or null when it has no name (its body is still checked, so all its errors are reported).</summary>
    private VmSpec? ReadVm(XElement element, int index)
    {
        var name = Required(element, "name", VnumlScope.Root.Child($"vm[{index}]", $"vm #{index + 1}"));
        var scope = name is null
            ? VnumlScope.Root.Child($"vm[{index}]", $"vm #{index + 1}")
            : VnumlScope.Root.Child($"vm[{name}]", $"vm \"{name}\"");
        var order = Number(element, "order", 0, int.MaxValue, scope);
        var execMode = TryChoice(element, "exec_mode", VnumlChoices.VmExecModes, scope, required: false, out var mode) ? mode : null;
        var body = ReadVmBody(element, "vm", scope);
        if (name is null)
        {
            return null;
        }

        var vm = new VmSpec(
            name,
            Type: Optional(element, "type"),
            Subtype: Optional(element, "subtype"),
            Os: Optional(element, "os"),
            Order: order,
            MemoryKiB: body.MemoryKiB,
            Kernel: body.Kernel,
            Filesystem: body.Filesystem,
            ExecMode: execMode,
            Shell: body.Shell,
            Basedir: body.Basedir,
            Consoles: body.Consoles,
            Interfaces: body.Interfaces,
            Routes: body.Routes,
            Forwarding: body.Forwarding,
            Users: body.Users,
            FileTrees: body.FileTrees,
            Execs: body.Execs);
        _map.Record(vm, At(element));
        return vm;
    }

    /// <summary>The children of a <c>&lt;vm&gt;</c> or <c>&lt;vm_defaults&gt;</c> (which has no interfaces or execs).</summary>
    private VmBody ReadVmBody(XElement element, string parent, VnumlScope scope)
    {
        var body = new VmBody();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var isVm = parent == "vm";
        foreach (var child in element.Elements())
        {
            switch (NameOf(child))
            {
                case "filesystem" when First(seen, child, parent, scope):
                    body.Filesystem = ReadFilesystem(child, scope);
                    break;
                case "mem" when First(seen, child, parent, scope):
                    body.MemoryKiB = ReadMemory(child, scope);
                    break;
                case "kernel" when First(seen, child, parent, scope):
                    body.Kernel = ReadKernel(child, scope);
                    break;
                case "shell" when First(seen, child, parent, scope):
                    body.Shell = RequiredText(child, scope, "the path of the guest's shell");
                    break;
                case "basedir" when First(seen, child, parent, scope):
                    body.Basedir = RequiredText(child, scope, "a directory in the guest");
                    break;
                case "forwarding" when First(seen, child, parent, scope):
                    body.Forwarding = ReadForwarding(child, scope);
                    break;
                case "filesystem" or "mem" or "kernel" or "shell" or "basedir" or "forwarding":
                    break; // a repeat, already reported by First
                case "console":
                    AddIfRead(body.Consoles, ReadConsole(child, scope));
                    break;
                case "route":
                    AddIfRead(body.Routes, ReadRoute(child, scope));
                    break;
                case "user":
                    AddIfRead(body.Users, ReadUser(child, scope));
                    break;
                case "filetree":
                    AddIfRead(body.FileTrees, ReadFileTree(child, scope));
                    break;
                case "if" when isVm:
                    AddIfRead(body.Interfaces, ReadInterface(child, scope));
                    break;
                case "exec" when isVm:
                    AddIfRead(body.Execs, ReadExec(child, scope));
                    break;
                default:
                    Unexpected(child, parent, scope);
                    break;
            }
        }

        return body;
    }

    private FilesystemSpec? ReadFilesystem(XElement element, VnumlScope scope)
    {
        var hasType = TryChoice(element, "type", VnumlChoices.FilesystemTypes, scope.Child("filesystem"), required: true, out var type);
        var path = RequiredText(element, scope, "the path of a filesystem image");
        return path is null ? null : new FilesystemSpec(path, hasType ? type : FilesystemType.Cow);
    }

    private long? ReadMemory(XElement element, VnumlScope scope)
    {
        var text = RequiredText(element, scope, "a size such as 64M, 1G, 512K or a number of KiB");
        if (text is null)
        {
            return null;
        }

        if (SizeText.TryParse(text, SizeText.KiB, out var kib))
        {
            return kib;
        }

        _bag.Error(
            VnumlDiagnosticCodes.InvalidMemory,
            At(element),
            scope.Field("mem"),
            scope.Say($"<mem> \"{text}\" is not a size (expected e.g. 64M, 1G, 512K or a number of KiB)"));
        return null;
    }

    private KernelSpec? ReadKernel(XElement element, VnumlScope scope)
    {
        var path = RequiredText(element, scope, "the path of a kernel");
        return path is null
            ? null
            : new KernelSpec(path, Optional(element, "initrd"), Optional(element, "root"), Optional(element, "modules"));
    }

    private ConsoleSpec? ReadConsole(XElement element, VnumlScope scope)
    {
        var id = Number(element, "id", 0, int.MaxValue, scope.Child("console"), required: true);
        var kind = RequiredText(element, scope, "how to attach to the console, e.g. xterm or pts");
        if (id is null || kind is null)
        {
            return null;
        }

        var console = new ConsoleSpec(id.Value, kind);
        _map.Record(console, At(element));
        return console;
    }

    private UserSpec? ReadUser(XElement element, VnumlScope scope)
    {
        var username = Required(element, "username", scope.Child("user"));
        var userScope = scope.Child($"user[{username}]", $"user \"{username}\"");
        var groups = new List<string>();
        var keys = new List<string>();
        foreach (var child in element.Elements())
        {
            switch (NameOf(child))
            {
                case "group":
                    AddIfRead(groups, RequiredText(child, userScope, "a group name"));
                    break;
                case "ssh_key":
                    AddIfRead(keys, RequiredText(child, userScope, "the path of a public key file"));
                    break;
                default:
                    Unexpected(child, "user", userScope);
                    break;
            }
        }

        if (username is null)
        {
            return null;
        }

        var user = new UserSpec(username, Optional(element, "group"), groups, keys);
        _map.Record(user, At(element));
        return user;
    }

    private FileTreeSpec? ReadFileTree(XElement element, VnumlScope scope)
    {
        var treeScope = scope.Child("filetree");
        var root = Required(element, "root", treeScope);
        var sequence = Required(element, "seq", treeScope);
        var source = RequiredText(element, scope, "a host directory to copy");
        if (root is null || sequence is null || source is null)
        {
            return null;
        }

        var tree = new FileTreeSpec(sequence, root, source, Optional(element, "user"));
        _map.Record(tree, At(element));
        return tree;
    }

    private ExecSpec? ReadExec(XElement element, VnumlScope scope)
    {
        var execScope = scope.Child("exec");
        var sequence = Required(element, "seq", execScope);
        var hasType = TryChoice(element, "type", VnumlChoices.ExecTypes, execScope, required: true, out var type);
        var mode = TryChoice(element, "mode", VnumlChoices.ExecModes, execScope, required: false, out var m) ? m : null;
        bool? gui = TryChoice(element, "gui", VnumlChoices.YesNo, execScope, required: false, out var g) ? g : null;
        var command = RequiredText(element, scope, type == ExecType.File ? "the path of a command file" : "a command");
        if (sequence is null || !hasType || command is null)
        {
            return null;
        }

        var exec = new ExecSpec(sequence, type, command, mode, Optional(element, "user"), gui);
        _map.Record(exec, At(element));
        return exec;
    }

    /// <summary>What a <c>&lt;vm&gt;</c> or <c>&lt;vm_defaults&gt;</c> body holds, gathered child by child.</summary>
    private sealed class VmBody
    {
        public long? MemoryKiB { get; set; }

        public KernelSpec? Kernel { get; set; }

        public FilesystemSpec? Filesystem { get; set; }

        public string? Shell { get; set; }

        public string? Basedir { get; set; }

        public Forwarding? Forwarding { get; set; }

        public List<ConsoleSpec> Consoles { get; } = [];

        public List<RouteSpec> Routes { get; } = [];

        public List<UserSpec> Users { get; } = [];

        public List<FileTreeSpec> FileTrees { get; } = [];

        public List<InterfaceSpec> Interfaces { get; } = [];

        public List<ExecSpec> Execs { get; } = [];
    }
}
