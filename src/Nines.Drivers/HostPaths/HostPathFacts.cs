namespace Nines.Drivers.HostPaths;

/// <summary>
/// What <see cref="HostPathProbe"/> found at a path: its real path (every symbolic link and <c>..</c> resolved; for a
/// missing file, the real path of the longest existing prefix with the rest appended) and its type.
/// </summary>
/// <param name="ThroughSymlink">A symbolic link was followed on the way (the real path differs from the written one for that reason).</param>
public sealed record HostPathFacts(string Resolved, HostFileType Type, bool ThroughSymlink);
