namespace Nines.Drivers.Sequences;

/// <summary>
/// One file of a host directory tree copied into a guest by a VNUML <c>&lt;filetree&gt;</c>.
/// </summary>
/// <param name="RelativePath">The file's path below the tree's source directory, with <c>/</c> separators.</param>
/// <param name="Content">The file's bytes.</param>
/// <param name="Mode">The file's permission bits (e.g. <c>0o755</c> as 493), applied in the guest with <c>chmod</c>.</param>
public sealed record FileTreeEntry(string RelativePath, ReadOnlyMemory<byte> Content, int Mode);
