namespace Nines.Drivers.HostPaths;

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
