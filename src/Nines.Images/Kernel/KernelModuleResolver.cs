using System.Text;
using Nines.Images.Elf;

namespace Nines.Images.Kernel;

/// <summary>
/// Orders the kernel modules the guest needs so that each is loaded after the modules it depends on.
/// The package ships no <c>modules.dep</c> (depmod runs at install time), so dependencies come from each
/// module's own <c>.modinfo</c> <c>depends=</c> entry.
/// </summary>
internal sealed class KernelModuleResolver
{
    private readonly Dictionary<string, string> _paths = new(StringComparer.Ordinal);
    private readonly string _root;

    /// <param name="packageRoot">Where the kernel package was extracted.</param>
    /// <param name="kernelVersion">The <c>lib/modules/VERSION</c> directory name.</param>
    public KernelModuleResolver(string packageRoot, string kernelVersion)
    {
        _root = packageRoot;
        var modules = Path.Combine(packageRoot, "lib", "modules", kernelVersion);
        if (!Directory.Exists(modules))
        {
            throw new GuestImageException($"the kernel package has no lib/modules/{kernelVersion} directory");
        }

        foreach (var file in Directory.EnumerateFiles(modules, "*.ko", SearchOption.AllDirectories))
        {
            _paths[NormalizeName(Path.GetFileNameWithoutExtension(file))] = file;
        }
    }

    /// <summary>Kernel module names treat '-' and '_' alike; the file name may use either.</summary>
    public static string NormalizeName(string name) => name.Replace('-', '_');

    /// <summary>The modules named in <paramref name="wanted"/> and everything they depend on, dependencies first.</summary>
    public IReadOnlyList<KernelModule> Resolve(IEnumerable<string> wanted)
    {
        var ordered = new List<KernelModule>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        var visiting = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in wanted)
        {
            Visit(NormalizeName(name), ordered, done, visiting, requiredBy: null);
        }

        return ordered;
    }

    /// <summary>The <c>depends=</c> list of a module's <c>.modinfo</c> section.</summary>
    public static IReadOnlyList<string> ReadDepends(ElfFile module)
    {
        var modinfo = module.SectionBytes(".modinfo") ?? [];
        foreach (var entry in Encoding.UTF8.GetString(modinfo).Split('\0'))
        {
            if (entry.StartsWith("depends=", StringComparison.Ordinal))
            {
                return [.. entry["depends=".Length..].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(NormalizeName)];
            }
        }

        return [];
    }

    private void Visit(string name, List<KernelModule> ordered, HashSet<string> done, HashSet<string> visiting, string? requiredBy)
    {
        if (done.Contains(name))
        {
            return;
        }

        if (!visiting.Add(name))
        {
            throw new GuestImageException($"kernel module {name} depends on itself through {requiredBy}");
        }

        if (!_paths.TryGetValue(name, out var path))
        {
            var why = requiredBy is null ? string.Empty : $" (needed by {requiredBy})";
            throw new GuestImageException($"kernel module {name}{why} is not in the kernel package (it may be built in, or named differently)");
        }

        var depends = ReadDepends(ElfFile.Read(path));
        foreach (var dependency in depends)
        {
            Visit(dependency, ordered, done, visiting, name);
        }

        visiting.Remove(name);
        done.Add(name);
        ordered.Add(new KernelModule(name, Path.GetRelativePath(_root, path).Replace('\\', '/'), depends));
    }
}
