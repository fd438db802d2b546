using System.Security.Cryptography;

namespace Nines.Drivers.Container.Tests.Support;

/// <summary>
/// A driver for one test with its own state directory and its own cgroup parent, so nothing is shared with other
/// tests or a real manager. Dispose kills and removes every instance, then checks nothing leaked: no process, no
/// cgroup, no run directory.
/// </summary>
internal sealed class ContainerTestHost : IAsyncDisposable
{
    private ContainerTestHost(ContainerDriverOptions options) => Options = options;

    public ContainerDriverOptions Options { get; }

    public IContainerDriver Driver { get; private set; } = null!;

    public static async Task<ContainerTestHost> StartAsync(Func<ContainerDriverOptions, ContainerDriverOptions>? configure = null)
    {
        var id = RandomNumberGenerator.GetHexString(8, lowercase: true);

        // Under a 0700 directory, as every data directory of a user's or a test's is: the instance's unprivileged root
        // cannot traverse it, so nothing crun does as that root may need a path through the state directory.
        var parent = Directory.CreateTempSubdirectory("nines-instances-").FullName;
        var options = new ContainerDriverOptions
        {
            StateDirectory = Path.Combine(parent, "instances"),
            MountDirectory = $"/run/nines/tests/instances-{id}",
            CgroupParent = $"nines-test-{id}",
        };
        options = configure?.Invoke(options) ?? options;
        var host = new ContainerTestHost(options);
        host.Driver = await ContainerDriverFactory.CreateAsync(options, CancellationToken.None);
        return host;
    }

    /// <summary>A second driver on the same state directory: a restarted manager.</summary>
    public Task<IContainerDriver> RestartDriverAsync() => ContainerDriverFactory.CreateAsync(Options, CancellationToken.None);

    public void ReplaceDriver(IContainerDriver driver) => Driver = driver;

    public static VmDefinition Instance(string id, params string[] command) =>
        new(id, id, 64, 1, new BootSource(), Container: new ContainerDefinition(command.Length == 0 ? default : [.. command]));

    public async Task<VmStatus> StartAsync(VmDefinition definition)
    {
        await Driver.DefineAsync(definition, CancellationToken.None);
        return await Driver.StartAsync(definition.Id, CancellationToken.None);
    }

    public Task<GuestExecResult> ShellAsync(string id, string command) =>
        Driver.ExecAsync(id, GuestCommand.Shell(command), CancellationToken.None);

    /// <summary>Waits until the instance reaches <paramref name="state"/> (the monitor reports exits asynchronously).</summary>
    public async Task<VmStatus> WaitForStateAsync(string id, VmState state, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var status = await Driver.InspectAsync(id, CancellationToken.None);
            if (status.State == state || DateTime.UtcNow > deadline)
            {
                return status;
            }

            await Task.Delay(10);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var status in await Driver.ReattachAsync(CancellationToken.None))
        {
            await Driver.DestroyAsync(status.Id, CancellationToken.None);
            await Driver.RemoveAsync(status.Id, CancellationToken.None);
        }

        await Driver.DisposeAsync();
        var leaked = Directory.EnumerateDirectories("/sys/fs/cgroup").SelectMany(c => Directory.Exists(Path.Combine(c, Options.CgroupParent))
            ? Directory.EnumerateDirectories(Path.Combine(c, Options.CgroupParent)) : []).ToList();
        foreach (var controller in Directory.EnumerateDirectories("/sys/fs/cgroup"))
        {
            var parent = Path.Combine(controller, Options.CgroupParent);
            if (Directory.Exists(parent) && !Directory.EnumerateDirectories(parent).Any())
            {
                Directory.Delete(parent);
            }
        }

        var runDirectories = Directory.Exists(Options.StateDirectory!) ? Directory.EnumerateDirectories(Options.StateDirectory!).ToList() : [];
        var temporary = Path.GetDirectoryName(Options.StateDirectory!)!;
        if (Directory.Exists(temporary))
        {
            Directory.Delete(temporary, recursive: true);
        }

        var mountDirectories = Directory.Exists(Options.MountDirectory) ? Directory.EnumerateDirectories(Options.MountDirectory).ToList() : [];
        if (mountDirectories.Count == 0 && Directory.Exists(Options.MountDirectory))
        {
            Directory.Delete(Options.MountDirectory);
        }

        leaked.ShouldBeEmpty("cgroups left behind");
        mountDirectories.ShouldBeEmpty("mount directories left behind");
        runDirectories.ShouldBeEmpty("run directories left behind");
    }
}
