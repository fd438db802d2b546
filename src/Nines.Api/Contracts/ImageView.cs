namespace Nines.Api.Contracts;

/// <summary>
/// An image of a tenant's library. <paramref name="Path"/> is what a scenario names (<c>image:</c>, a disk, a
/// filesystem); <paramref name="Bytes"/> counts against the tenant's <c>imageBytes</c> quota.
/// </summary>
/// <param name="Format">raw or qcow2 (always given to QEMU, never probed).</param>
/// <param name="VirtualSize">The disk size a guest sees.</param>
/// <param name="BackingFile">A qcow2's backing image (another image of the same library), if any.</param>
public sealed record ImageView(string Name, string Tenant, string Format, long Bytes, long VirtualSize, string Path, string? BackingFile, DateTimeOffset ModifiedAt);
