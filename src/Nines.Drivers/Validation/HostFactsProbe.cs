using System.Globalization;
using Nines.Domain;

namespace Nines.Drivers.Validation;

/// <summary>Reads <see cref="HostFacts"/> from the real machine (the I/O half; the validator is the pure half).</summary>
public static class HostFactsProbe
{
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
    public static string? RealPath(string path) =>
        Path.IsPathFullyQualified(path) && HostPaths.HostPathProbe.Probe(path) is { Type: not (HostPaths.HostFileType.Missing or HostPaths.HostFileType.Unknown) } facts
            ? facts.Resolved
            : null;

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
