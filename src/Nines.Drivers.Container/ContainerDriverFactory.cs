using Nines.Drivers.Container.Cgroups;
using Nines.Images;

namespace Nines.Drivers.Container;

/// <summary>Creates container drivers for other assemblies (CLI, agent, benchmark); the driver type itself is internal.</summary>
public static class ContainerDriverFactory
{
    /// <summary>
    /// Creates the state directory, detects the cgroup version (v2 when <c>cgroup.controllers</c> is at the cgroup
    /// root, else the v1 hierarchies) and returns a driver. Call <see cref="IVmDriver.ReattachAsync"/> next to take
    /// over instances a previous manager left running.
    /// </summary>
    public static Task<IContainerDriver> CreateAsync(ContainerDriverOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        cancellationToken.ThrowIfCancellationRequested();
        var stateDirectory = Path.GetFullPath(options.StateDirectory ?? ContainerDriverOptions.DefaultStateDirectory());
        Directory.CreateDirectory(stateDirectory);
        var layout = CgroupLayout.Detect(options.CgroupRoot);
        var cache = Path.GetFullPath(options.RootCacheDirectory ?? GuestImageBuilder.DefaultCacheDirectory());
        return Task.FromResult<IContainerDriver>(new ContainerDriver(options, stateDirectory, layout, cache));
    }
}

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
