namespace Nines.Domain.Scenarios;

/// <summary>The root filesystem of a VM (VNUML <c>&lt;filesystem type&gt;</c>).</summary>
public sealed record FilesystemSpec(string Path, FilesystemType Type = FilesystemType.Cow);
