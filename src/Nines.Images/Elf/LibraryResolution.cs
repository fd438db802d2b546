namespace Nines.Images.Elf;

/// <summary>What <see cref="SharedLibraryResolver"/> found: the files to copy and the sonames no package provides.</summary>
internal sealed record LibraryResolution(IReadOnlyList<ResolvedFile> Files, IReadOnlyList<string> Unresolved);
