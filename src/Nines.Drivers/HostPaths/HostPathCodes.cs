namespace Nines.Drivers.HostPaths;

/// <summary>The diagnostic codes of the host-resource policy (NX7601–NX7699); each message also names its rule.</summary>
public static class HostPathCodes
{
    /// <summary>Rule <c>absolute-path</c>: a host path must be absolute (an API submission has no directory to resolve it against).</summary>
    public const string NotAbsolute = "NX7601";

    /// <summary>Rule <c>safe-characters</c>: no control character, <c>,</c>, <c>:</c> or <c>\</c> (mount-option and QEMU option separators).</summary>
    public const string UnsafeCharacters = "NX7602";

    /// <summary>Rule <c>inside-image-library</c>: the real path must lie in an image root or the tenant's own library.</summary>
    public const string OutsideLibraries = "NX7603";

    /// <summary>Rule <c>own-library</c>: never a file of another tenant's library.</summary>
    public const string OtherTenant = "NX7604";

    /// <summary>Rule <c>file-type</c>: a regular file (or a directory for a <c>hostfs</c> root); never a device node, socket or FIFO.</summary>
    public const string WrongType = "NX7605";

    /// <summary>Rule <c>exists</c>: a disk image or <c>hostfs</c> root inside a library must exist.</summary>
    public const string Missing = "NX7606";
}
