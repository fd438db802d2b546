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
