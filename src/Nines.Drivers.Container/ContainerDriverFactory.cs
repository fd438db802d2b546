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
        var runtime = FindRuntime(options.Runtime)
            ?? throw new InvalidOperationException($"the OCI runtime \"{options.Runtime}\" was not found (install the Debian package crun: eng/require.sh run)");
        if (options.IdRangeBase is < 1 or > uint.MaxValue - Sandbox.SandboxPolicy.IdRangeSize)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.IdRangeBase, "IdRangeBase must leave room for one 65536-id range below 2^32 - 1");
        }

        var slots = (int)Math.Min(int.MaxValue, (uint.MaxValue - 1 - options.IdRangeBase) / Sandbox.SandboxPolicy.IdRangeSize);
        var ids = new Sandbox.IdRangeAllocator(Path.GetFullPath(options.IdRangeRegistry), options.IdRangeBase, slots);
        return Task.FromResult<IContainerDriver>(new ContainerDriver(options with { Runtime = runtime, MountDirectory = Path.GetFullPath(options.MountDirectory) }, stateDirectory, layout, cache, ids));
    }

    /// <summary>The runtime's full path: as given when it has a slash, else the first match on <c>PATH</c>.</summary>
    internal static string? FindRuntime(string runtime)
    {
        if (runtime.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(runtime) ? Path.GetFullPath(runtime) : null;
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, runtime))
            .FirstOrDefault(File.Exists);
    }
}
