namespace Nines.Drivers.Container;

/// <summary>A container driver: the contract plus what it found out about the host.</summary>
public interface IContainerDriver : IVmDriver
{
    /// <summary>Where the driver keeps run directories.</summary>
    string StateDirectory { get; }

    /// <summary>The cgroup version in use (1 or 2).</summary>
    int CgroupVersion { get; }

    /// <summary>Builds (once, cached) the busybox root instances use by default and returns its directory.</summary>
    Task<string> EnsureBusyboxRootAsync(CancellationToken cancellationToken);
}
