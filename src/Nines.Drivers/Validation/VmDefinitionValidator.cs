using Nines.Domain;
using Nines.Domain.Diagnostics;

namespace Nines.Drivers.Validation;

/// <summary>
/// Checks a <see cref="VmDefinition"/> against the host before anything is launched (issue 3 item 9): names safe
/// for file names, memory and vCPUs the host can give, boot files that exist, are readable and lie inside the
/// allowed directories after symlinks and <c>..</c> are resolved, well-formed unicast MACs. Every problem is
/// reported, each naming its field (<c>vm[uml3].nics[1].mac</c>).
/// </summary>
public static class VmDefinitionValidator
{
    public const string UnsafeName = "NX7001";
    public const string BadMemory = "NX7002";
    public const string BadVcpus = "NX7003";
    public const string NoBootSource = "NX7004";
    public const string BadPath = "NX7005";
    public const string PathOutsideRoots = "NX7006";
    public const string BadMac = "NX7007";
    public const string DuplicateNic = "NX7008";

    /// <summary>Raised by drivers, not here: the id is taken by a different definition.</summary>
    public const string IdInUse = "NX7009";

    /// <summary>Longest id or name accepted (file names are built from them, with suffixes).</summary>
    public const int MaxNameLength = 64;

    /// <summary>Every error found; empty when the definition can run on this host.</summary>
    /// <param name="file">The <see cref="SourceLocation.File"/> diagnostics carry: <c>api</c> for API requests, or the scenario file.</param>
    public static ValueList<Diagnostic> Validate(VmDefinition definition, HostFacts host, string file = "api")
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(host);
        var context = new Context(definition, SourceLocation.OfFile(file), new DiagnosticBag());
        CheckName(context, "id", definition.Id);
        CheckName(context, "name", definition.Name);
        CheckResources(context, host);
        CheckBoot(context, host);
        CheckNics(context);
        return [.. context.Bag.Items];
    }

    /// <summary>True when <paramref name="name"/> is 1–64 of <c>[A-Za-z0-9._-]</c>, not starting with '.' or '-'.</summary>
    public static bool IsSafeName(string name) =>
        name.Length is > 0 and <= MaxNameLength
        && name[0] is not ('.' or '-')
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    private static void CheckName(Context context, string field, string value)
    {
        if (!IsSafeName(value))
        {
            context.Error(UnsafeName, field, $"\"{value}\" is not a safe name (expected 1-{MaxNameLength} of A-Z a-z 0-9 . _ - , not starting with '.' or '-')");
        }
    }

    private static void CheckResources(Context context, HostFacts host)
    {
        var memory = context.Definition.MemoryMiB;
        if (memory <= 0)
        {
            context.Error(BadMemory, "memoryMiB", $"memory {memory} MiB is not positive");
        }
        else if (context.Definition.Boot.IsDirectKernel && memory < host.MinimumGuestMemoryMiB)
        {
            context.Error(BadMemory, "memoryMiB", $"memory {memory} MiB is below the {host.MinimumGuestMemoryMiB} MiB the Linux guest image needs");
        }
        else if (memory > host.FreeMemoryMiB)
        {
            context.Error(BadMemory, "memoryMiB", $"memory {memory} MiB is more than the {host.FreeMemoryMiB} MiB free on this host");
        }

        var vcpus = context.Definition.Vcpus;
        if (vcpus < 1)
        {
            context.Error(BadVcpus, "vcpus", $"{vcpus} vCPUs is too few (expected at least 1)");
        }
        else if (vcpus > host.Cpus)
        {
            context.Error(BadVcpus, "vcpus", $"{vcpus} vCPUs is more than the {host.Cpus} CPUs of this host");
        }
    }

    private static void CheckBoot(Context context, HostFacts host)
    {
        var boot = context.Definition.Boot;
        // An OS-level instance boots no kernel: it runs its command on the host's.
        if (boot.KernelPath is null && boot.DiskImagePath is null && context.Definition.Container is null)
        {
            context.Error(NoBootSource, "boot", "nothing to boot (expected a kernel or a disk image)");
        }

        foreach (var (field, path) in boot.Paths())
        {
            CheckPath(context, host, field, path);
        }

        // The root reaches the overlay mount's options (lowerdir=ROOT,upperdir=…): a ',' or ':' in it would add options
        // or layers of its own. Every driver that runs instances validates with this, so the check holds where it is used.
        if (context.Definition.Container?.RootDirectory is { } root)
        {
            _ = IsOptionSafe(context, "container.rootDirectory", root);
        }
    }

    /// <summary>False (and an error) when <paramref name="path"/> holds a character that splits mount or QEMU options.</summary>
    private static bool IsOptionSafe(Context context, string field, string path)
    {
        if (!path.Any(c => char.IsControl(c) || HostPaths.HostPathPolicy.UnsafeCharacters.Contains(c, StringComparison.Ordinal)))
        {
            return true;
        }

        context.Error(HostPaths.HostPathCodes.UnsafeCharacters, field, $"\"{path.ReplaceLineEndings("\\n")}\" contains a control character, ',', ':' or '\\' (rule safe-characters: they would split the mount or QEMU options the path is passed in)");
        return false;
    }

    private static void CheckPath(Context context, HostFacts host, string field, string path)
    {
        if (!IsOptionSafe(context, field, path))
        {
            return;
        }

        if (!Path.IsPathFullyQualified(path))
        {
            context.Error(BadPath, field, $"\"{path}\" is not an absolute path");
            return;
        }

        // Resolve first, check after: a lexical check would let a symlink inside an allowed root point anywhere.
        var resolved = host.ResolvePath(path);
        if (resolved is null)
        {
            context.Error(BadPath, field, $"\"{path}\" does not exist");
            return;
        }

        if (!host.AllowedRoots.Any(root => IsUnder(resolved, root)))
        {
            var roots = host.AllowedRoots.IsEmpty ? "none configured" : string.Join(", ", host.AllowedRoots);
            var via = resolved == path ? string.Empty : $" resolves to \"{resolved}\", which";
            context.Error(PathOutsideRoots, field, $"\"{path}\"{via} is outside the allowed directories ({roots})");
            return;
        }

        if (!host.IsReadableFile(resolved))
        {
            context.Error(BadPath, field, $"\"{path}\" is not a readable file");
        }
    }

    private static bool IsUnder(string path, string root)
    {
        var trimmed = root.Length > 1 ? root.TrimEnd('/') : root;
        return path == trimmed
            || path.StartsWith(trimmed == "/" ? "/" : trimmed + "/", StringComparison.Ordinal);
    }

    private static void CheckNics(Context context)
    {
        var seenIds = new HashSet<int>();
        var seenMacs = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var nic in context.Definition.Nics)
        {
            var field = $"nics[{nic.Id}].mac";
            if (!seenIds.Add(nic.Id))
            {
                context.Error(DuplicateNic, $"nics[{nic.Id}]", $"nic id {nic.Id} is used twice");
            }

            if (!MacAddress.TryParse(nic.Mac, out var bytes))
            {
                context.Error(BadMac, field, $"\"{nic.Mac}\" is not a MAC address (expected six hex pairs like fe:fd:00:00:03:01)");
                continue;
            }

            if (MacAddress.IsMulticast(bytes))
            {
                context.Error(BadMac, field, $"\"{nic.Mac}\" is a multicast address (the first octet must be even)");
            }
            else if (bytes.All(b => b == 0))
            {
                context.Error(BadMac, field, $"\"{nic.Mac}\" is the all-zero address");
            }

            var canonical = MacAddress.Format(bytes);
            if (!seenMacs.TryAdd(canonical, nic.Id))
            {
                context.Error(DuplicateNic, field, $"\"{nic.Mac}\" is also the MAC of nic {seenMacs[canonical]}");
            }
        }
    }

    private sealed record Context(VmDefinition Definition, SourceLocation Location, DiagnosticBag Bag)
    {
        public void Error(string code, string field, string message) =>
            Bag.Error(code, Location, $"vm[{Definition.Name}].{field}", message);
    }
}
