namespace Nines.Domain.Scenarios;

/// <summary>A kernel to boot (VNUML <c>&lt;kernel&gt;</c>) with its optional initrd and root device.</summary>
public sealed record KernelSpec(string Path, string? Initrd = null, string? Root = null, string? Modules = null);
