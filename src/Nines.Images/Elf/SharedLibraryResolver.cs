using Nines.Images.Packages;

namespace Nines.Images.Elf;

/// <summary>
/// Finds, inside extracted packages only, every shared library a binary loads (its DT_NEEDED entries,
/// transitively) and its program interpreter, the way the dynamic loader would look for them in the
/// default directories. Symbolic links are followed inside the package tree, never on the host.
/// </summary>
internal static class SharedLibraryResolver
{
    /// <summary>The loader's default directories on Debian amd64, in search order.</summary>
    public static readonly IReadOnlyList<string> SearchDirectories =
        ["lib/x86_64-linux-gnu", "usr/lib/x86_64-linux-gnu", "lib64", "usr/lib64", "lib", "usr/lib"];

    /// <summary>Resolves what <paramref name="binary"/> needs from <paramref name="packages"/>.</summary>
    public static LibraryResolution Resolve(ElfFile binary, IReadOnlyList<DebianPackage> packages)
    {
        var files = new List<ResolvedFile>();
        var unresolved = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (binary.Interpreter is { } interpreter)
        {
            var found = FindPath(interpreter.TrimStart('/'), packages);
            if (found is null)
            {
                unresolved.Add(interpreter);
            }
            else
            {
                files.Add(new ResolvedFile(interpreter.TrimStart('/'), found.Value.RealPath, found.Value.Package));
            }
        }

        var queue = new Queue<string>(binary.NeededLibraries);
        while (queue.TryDequeue(out var soname))
        {
            if (!seen.Add(soname))
            {
                continue;
            }

            var hit = SearchDirectories
                .Select(directory => (Directory: directory, Found: FindPath(directory + "/" + soname, packages)))
                .FirstOrDefault(candidate => candidate.Found is not null);
            if (hit.Found is not { } found)
            {
                unresolved.Add(soname);
                continue;
            }

            files.Add(new ResolvedFile(hit.Directory + "/" + soname, found.RealPath, found.Package));
            foreach (var next in ElfFile.Read(found.RealPath).NeededLibraries)
            {
                queue.Enqueue(next);
            }
        }

        return new LibraryResolution(files, unresolved);
    }

    /// <summary>The real file behind <paramref name="relativePath"/> in the first package that has it.</summary>
    private static (string RealPath, DebianPackage Package)? FindPath(string relativePath, IReadOnlyList<DebianPackage> packages)
    {
        foreach (var package in packages)
        {
            if (ResolveInside(package.Root, relativePath) is { } real)
            {
                return (real, package);
            }
        }

        return null;
    }

    /// <summary>
    /// Follows <paramref name="relativePath"/> through symbolic links, treating <paramref name="root"/> as
    /// "/", so an absolute link such as /lib64/ld-linux-x86-64.so.2 → /lib/x86_64-linux-gnu/… stays inside
    /// the package. Returns null when the path does not lead to a regular file in this package.
    /// </summary>
    internal static string? ResolveInside(string root, string relativePath)
    {
        var current = relativePath.TrimStart('/');
        for (var hops = 0; hops < 16; hops++)
        {
            var full = Path.Combine(root, current);
            var info = new FileInfo(full);
            if (info.LinkTarget is { } target)
            {
                var parent = Path.GetDirectoryName(current.Replace('\\', '/')) ?? string.Empty;
                current = Collapse(target.StartsWith('/') ? target : parent + "/" + target);
                if (current is null)
                {
                    return null;
                }

                continue;
            }

            return info.Exists ? full : null;
        }

        return null;
    }

    /// <summary>Removes "." and ".." parts; null when ".." would climb above the root.</summary>
    private static string? Collapse(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "..")
            {
                if (parts.Count == 0)
                {
                    return null;
                }

                parts.RemoveAt(parts.Count - 1);
            }
            else if (part != ".")
            {
                parts.Add(part);
            }
        }

        return string.Join('/', parts);
    }
}
