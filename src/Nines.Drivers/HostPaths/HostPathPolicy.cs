using Nines.Domain;
using Nines.Domain.Diagnostics;

namespace Nines.Drivers.HostPaths;

/// <summary>
/// Which host files a tenant's VMs may name (issue 18 item 1): only files inside an image library — a shared
/// <see cref="ImageRoots">image root</see> the admin configured (<c>nines up --image-root DIR</c>) or the tenant's own
/// library <c>TenantLibraries/&lt;tenant&gt;</c> (<c>DATA/images/&lt;tenant&gt;</c>) — judged on the real path (every
/// symbolic link and <c>..</c> resolved by <see cref="HostPathProbe"/>), never a file of another tenant's library, never a
/// device node, socket or FIFO, and never a path with characters that would split a mount option or QEMU option list.
/// Pure: <see cref="Decide"/> works on what the probe found, so tests drive it with invented facts.
/// </summary>
/// <remarks>
/// The same policy runs twice: on the controller when a scenario comes through the API (the scenario's fields, a
/// missing VNUML kernel or filesystem allowed: the guest image replaces it) and on the host agent right before a VM is
/// defined (the definition's paths, <c>strict</c>: anything outside is refused whether it exists or not), so an agent
/// never uses a path outside its libraries even when a controller sends one.
/// </remarks>
public sealed class HostPathPolicy
{
    /// <summary>Characters refused in any host path: they separate overlay mount options (<c>,</c>, <c>:</c>, <c>\</c> escapes) and QEMU options (<c>,</c>).</summary>
    public const string UnsafeCharacters = Domain.Scenarios.ScenarioLimits.OptionSeparators;

    /// <param name="imageRoots">Shared libraries every tenant may use (absolute; resolve them with <see cref="HostPathProbe.Resolve"/>).</param>
    /// <param name="tenantLibraries">The directory holding one library per tenant (<c>DATA/images</c>); null for none.</param>
    public HostPathPolicy(IEnumerable<string> imageRoots, string? tenantLibraries)
    {
        ArgumentNullException.ThrowIfNull(imageRoots);
        ImageRoots = ValueList.From(imageRoots.Select(Trim));
        TenantLibraries = tenantLibraries is null ? null : Trim(tenantLibraries);
    }

    /// <summary>No library at all: every host path is refused (the API's default when the host configured none).</summary>
    public static HostPathPolicy None { get; } = new([], null);

    /// <summary>The shared image roots, real paths.</summary>
    public ValueList<string> ImageRoots { get; }

    /// <summary>The parent of the per-tenant libraries, a real path; null when there are none.</summary>
    public string? TenantLibraries { get; }

    /// <summary>The library of <paramref name="tenant"/>, or null when there are no tenant libraries (or no tenant).</summary>
    public string? LibraryOf(string tenant) =>
        TenantLibraries is null || string.IsNullOrEmpty(tenant) ? null : TenantLibraries == "/" ? "/" + tenant : $"{TenantLibraries}/{tenant}";

    /// <summary>This policy with more shared roots (an agent adds its guest image's directory).</summary>
    public HostPathPolicy WithRoots(IEnumerable<string> roots) => new(ImageRoots.Concat(roots), TenantLibraries);

    /// <summary>
    /// The error a path is refused with before anything on the host is looked at (not absolute, unsafe characters, a
    /// package reference leaving its package), or null. A relative package reference needs no probe: <paramref name="needsProbe"/> is false.
    /// </summary>
    public static Diagnostic? CheckSyntax(HostPathUse use, SourceLocation location, out bool needsProbe)
    {
        ArgumentNullException.ThrowIfNull(use);
        needsProbe = false;
        var shown = Show(use.Path);
        if (use.Path.Any(c => char.IsControl(c) || UnsafeCharacters.Contains(c, StringComparison.Ordinal)))
        {
            return Diagnostic.Error(HostPathCodes.UnsafeCharacters, location, use.Field,
                $"{shown} contains a control character, ',', ':' or '\\' (rule safe-characters: they would split the mount or QEMU options the path is passed in)");
        }

        if (use.Kind == HostPathKind.PackageReference && !use.Path.StartsWith('/'))
        {
            return use.Path.Length == 0 || use.Path.Split('/').Any(s => s == "..")
                ? Diagnostic.Error(HostPathCodes.NotAbsolute, location, use.Field, $"{shown} leaves the appliance's package (rule package-reference: a relative file reference names a file of the package, without '..')")
                : null;
        }

        if (!Path.IsPathFullyQualified(use.Path))
        {
            return Diagnostic.Error(HostPathCodes.NotAbsolute, location, use.Field,
                $"{shown} is not an absolute path (rule absolute-path: a host file is named by its absolute path inside an image library)");
        }

        needsProbe = true;
        return null;
    }

    /// <summary>
    /// The verdict on one path of <paramref name="tenant"/>'s VM from what the probe found: null when it may be used, else
    /// the error naming the field and the rule. <paramref name="strict"/> (the agent) refuses a path outside the libraries
    /// even when it does not exist; otherwise a missing path the field may lack is accepted (the guest image replaces it).
    /// </summary>
    public Diagnostic? Decide(string tenant, HostPathUse use, HostPathFacts facts, SourceLocation location, bool strict = false)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(use);
        ArgumentNullException.ThrowIfNull(facts);
        var shown = Show(use.Path);
        var resolved = facts.Resolved;
        var own = LibraryOf(tenant);
        if (TenantLibraries is { } libraries && IsUnder(resolved, libraries) && resolved != libraries && (own is null || !IsUnder(resolved, own)))
        {
            return Diagnostic.Error(HostPathCodes.OtherTenant, location, use.Field,
                $"{shown} is in another tenant's image library (rule own-library: a VM of tenant \"{tenant}\" uses only {own ?? "no library"} and the shared image roots)");
        }

        var inside = (own is not null && IsUnder(resolved, own)) || ImageRoots.Any(root => IsUnder(resolved, root));
        if (!inside)
        {
            if (facts.Type == HostFileType.Missing && use.MayBeMissing && !strict)
            {
                return null;
            }

            var via = facts.ThroughSymlink ? " (a symbolic link on the way leads out of them)" : string.Empty;
            return Diagnostic.Error(HostPathCodes.OutsideLibraries, location, use.Field,
                $"{shown} is outside the image libraries{via} (rule inside-image-library: a VM names host files only inside {Libraries(own)})");
        }

        if (facts.Type == HostFileType.Missing)
        {
            return use.MayBeMissing ? null : Diagnostic.Error(HostPathCodes.Missing, location, use.Field, $"{shown} does not exist (rule exists: upload the file to the library first)");
        }

        var expected = use.Kind == HostPathKind.Directory ? HostFileType.Directory : HostFileType.RegularFile;
        return facts.Type == expected
            ? null
            : Diagnostic.Error(HostPathCodes.WrongType, location, use.Field,
                $"{shown} is {Describe(facts.Type)}, not {Describe(expected)} (rule file-type: never a device node, socket or FIFO)");
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="root"/> or lies below it (both real, absolute paths).</summary>
    public static bool IsUnder(string path, string root)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(root);
        return root == "/" || path == root || path.StartsWith(root + "/", StringComparison.Ordinal);
    }

    private string Libraries(string? own)
    {
        var all = ImageRoots.Select(r => r).ToList();
        if (own is not null)
        {
            all.Add($"this tenant's library {own}");
        }

        return all.Count == 0 ? "an image library, and none is configured (nines up --image-root DIR)" : string.Join(", ", all);
    }

    private static string Describe(HostFileType type) => type switch
    {
        HostFileType.RegularFile => "a regular file",
        HostFileType.Directory => "a directory",
        HostFileType.BlockDevice => "a block device",
        HostFileType.CharacterDevice => "a character device",
        HostFileType.Fifo => "a FIFO",
        HostFileType.Socket => "a socket",
        HostFileType.Missing => "missing",
        _ => "a file of unknown type",
    };

    // Quoted, with control characters made visible (a newline in a path must not break the message's line).
    private static string Show(string path) =>
        "\"" + string.Concat(path.Select(c => char.IsControl(c) ? $"\\x{(int)c:x2}" : c.ToString())) + "\"";

    private static string Trim(string root) => root.Length > 1 ? root.TrimEnd('/') : root;
}
