namespace Nines.Api.Images;

/// <summary>
/// Where tenants' uploaded images live: <c>Root/&lt;tenant&gt;/&lt;name&gt;</c>, normally <c>DATA/images</c> (the host
/// registers it; without it the image routes answer 503).
/// </summary>
/// <param name="Root">The library's root directory, created 0750 when missing.</param>
public sealed record ImageLibraryOptions(string Root)
{
    /// <summary>The <c>qemu-img</c> that checks uploads (a path or a name looked up on PATH).</summary>
    public string QemuImg { get; init; } = "qemu-img";

    /// <summary>The per-tenant directory of <paramref name="tenant"/> under <paramref name="root"/> (what scenarios may name).</summary>
    public static string TenantDirectory(string root, string tenant)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(tenant);
        return Path.Combine(Path.GetFullPath(root), tenant);
    }
}
