namespace Nines.Drivers.HostPaths;

/// <summary>What a host path names once resolved (the <c>S_IFMT</c> bits of <c>statx</c>), or that nothing is there.</summary>
public enum HostFileType
{
    /// <summary>No such file (a component of the path does not exist).</summary>
    Missing,
    RegularFile,
    Directory,
    BlockDevice,
    CharacterDevice,
    Fifo,
    Socket,

    /// <summary>Anything else, or a file whose type could not be read (a loop of symbolic links, no permission).</summary>
    Unknown,
}

/// <summary>What a field expects to find at its path.</summary>
public enum HostPathKind
{
    /// <summary>A regular file: a kernel, an initrd, a disk image, a copy-on-write or <c>direct</c> filesystem.</summary>
    File,

    /// <summary>A directory: an OS-level instance's <c>hostfs</c> root.</summary>
    Directory,

    /// <summary>
    /// An OVF <c>File href</c>: relative, it names a file of the appliance's package (nothing on the host is read for it);
    /// absolute, it is a host file like <see cref="File"/>.
    /// </summary>
    PackageReference,
}

/// <summary>
/// One host path a scenario or definition names: the field it is in (<c>vm[r1]/kernel</c>), the path as written, what
/// it must be, and whether it may be missing (a VNUML kernel or filesystem that does not exist is replaced by the guest
/// image, so a missing one is no error).
/// </summary>
public sealed record HostPathUse(string Field, string Path, HostPathKind Kind, bool MayBeMissing);

/// <summary>
/// What <see cref="HostPathProbe"/> found at a path: its real path (every symbolic link and <c>..</c> resolved; for a
/// missing file, the real path of the longest existing prefix with the rest appended) and its type.
/// </summary>
/// <param name="ThroughSymlink">A symbolic link was followed on the way (the real path differs from the written one for that reason).</param>
public sealed record HostPathFacts(string Resolved, HostFileType Type, bool ThroughSymlink);
