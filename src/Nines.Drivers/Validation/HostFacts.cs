using Nines.Domain;

namespace Nines.Drivers.Validation;

/// <summary>
/// What the validator needs to know about the host, as data and delegates, so validation stays a pure function
/// that tests drive with invented hosts. <see cref="HostFactsProbe"/> fills it from the real machine.
/// </summary>
public sealed class HostFacts
{
    /// <summary>Memory available for new VMs, in MiB.</summary>
    public required long FreeMemoryMiB { get; init; }

    /// <summary>Host CPUs; a VM may not have more vCPUs.</summary>
    public required int Cpus { get; init; }

    /// <summary>Directories image, kernel and initrd paths must lie in after full resolution (already resolved).</summary>
    public required ValueList<string> AllowedRoots { get; init; }

    /// <summary>
    /// realpath(3): the absolute path with every symlink and <c>..</c> resolved, or null when the path does not exist.
    /// </summary>
    public required Func<string, string?> ResolvePath { get; init; }

    /// <summary>True when the (resolved) path is a regular file this process can read.</summary>
    public required Func<string, bool> IsReadableFile { get; init; }

    /// <summary>The least memory a directly booted Linux guest image needs (it panics below).</summary>
    public long MinimumGuestMemoryMiB { get; init; } = 96;
}
