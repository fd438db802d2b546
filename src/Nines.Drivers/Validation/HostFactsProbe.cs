using System.Globalization;
using Nines.Domain;

namespace Nines.Drivers.Validation;

/// <summary>Reads <see cref="HostFacts"/> from the real machine (the I/O half; the validator is the pure half).</summary>
public static class HostFactsProbe
{
    /// <summary>Symlink hops followed before a path is declared unresolvable (Linux's own limit is 40).</summary>
    private const int MaxLinkHops = 40;

    /// <summary>Facts of this host: <c>MemAvailable</c> from <c>/proc/meminfo</c>, the CPU count, and the allowed roots resolved.</summary>
    public static HostFacts FromSystem(IEnumerable<string> allowedRoots)
    {
        var meminfo = File.Exists("/proc/meminfo") ? File.ReadAllText("/proc/meminfo") : string.Empty;
        return new HostFacts
        {
            FreeMemoryMiB = ParseAvailableMiB(meminfo) ?? 0,
            Cpus = Environment.ProcessorCount,
            AllowedRoots = ValueList.From(allowedRoots.Select(r => RealPath(r) ?? r)),
            ResolvePath = RealPath,
            IsReadableFile = IsReadableFile,
        };
    }

    /// <summary>The <c>MemAvailable</c> line of <c>/proc/meminfo</c> text in MiB, or null when absent.</summary>
    public static long? ParseAvailableMiB(string meminfo)
    {
        foreach (var line in meminfo.Split('\n'))
        {
            if (!line.StartsWith("MemAvailable:", StringComparison.Ordinal))
            {
                continue;
            }

            var fields = line["MemAvailable:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return fields.Length > 0 && long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var kib)
                ? kib / 1024
                : null;
        }

        return null;
    }

    /// <summary>
    /// realpath(3): resolves every symlink and <c>..</c> component by component (a lexical
    /// <see cref="Path.GetFullPath(string)"/> would take <c>link/..</c> back to the link's parent, not the target's).
    /// Null when a component does not exist or symlinks loop.
    /// </summary>
    public static string? RealPath(string path)
    {
        if (!Path.IsPathFullyQualified(path))
        {
            return null;
        }

        var current = "/";
        var pending = new LinkedList<string>(path.Split('/'));
        var hops = 0;
        while (pending.First is { } node)
        {
            pending.RemoveFirst();
            var part = node.Value;
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? "/";
                continue;
            }

            var candidate = Path.Join(current, part);
            var info = new FileInfo(candidate);
            if (info.LinkTarget is { } target)
            {
                if (++hops > MaxLinkHops)
                {
                    return null;
                }

                if (Path.IsPathRooted(target))
                {
                    current = "/";
                }

                foreach (var segment in target.Split('/').Reverse())
                {
                    pending.AddFirst(segment);
                }

                continue;
            }

            if (!info.Exists && !Directory.Exists(candidate))
            {
                return null;
            }

            current = candidate;
        }

        return current;
    }

    /// <summary>True when <paramref name="path"/> is a regular file this process can open for reading.</summary>
    public static bool IsReadableFile(string path)
    {
        try
        {
            if (!File.Exists(path))
            {
                return false;
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
            return true;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return false;
        }
    }
}
