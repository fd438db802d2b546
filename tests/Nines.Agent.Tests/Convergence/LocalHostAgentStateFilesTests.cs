using Nines.Agent.Convergence;
using Nines.Drivers;
using Nines.Drivers.Errors;
using Nines.Drivers.Fake;
using Nines.Testing;

namespace Nines.Agent.Tests.Convergence;

/// <summary>Where the agent puts suspended VMs' memory: under its state directory, one 0700 directory per tenant.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class LocalHostAgentStateFilesTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private readonly string _data = Directory.CreateTempSubdirectory("nines-state-").FullName;
    private readonly InterposedDriver _driver = new(new FakeDriver(TimeProvider.System));

    private string StateDirectory => Path.Combine(_data, "state");

    [Fact]
    public async Task Suspend_TwoTenants_StateFilesLiveApartInDirectories0700()
    {
        await using var agent = Agent(StateDirectory);
        await RunningAsync("acme.lab.vm1");
        await RunningAsync("beta.lab.vm1");

        (await agent.ControlVmAsync("acme.lab.vm1", VmOperation.Suspend, CancellationToken.None)).State.ShouldBe(VmState.Suspended);
        (await agent.ControlVmAsync("beta.lab.vm1", VmOperation.Suspend, CancellationToken.None)).State.ShouldBe(VmState.Suspended);
        (await agent.ControlVmAsync("acme.lab.vm1", VmOperation.Restore, CancellationToken.None)).State.ShouldBe(VmState.Running);

        _driver.StatePaths.ShouldBe(
        [
            ("acme.lab.vm1", Path.Combine(StateDirectory, "acme", "acme.lab.vm1.state")),
            ("beta.lab.vm1", Path.Combine(StateDirectory, "beta", "beta.lab.vm1.state")),
            ("acme.lab.vm1", Path.Combine(StateDirectory, "acme", "acme.lab.vm1.state")),
        ]);
        foreach (var directory in new[] { StateDirectory, Path.Combine(StateDirectory, "acme"), Path.Combine(StateDirectory, "beta") })
        {
            File.GetUnixFileMode(directory).ShouldBe(OwnerOnly, directory);
            new DirectoryInfo(directory).LinkTarget.ShouldBeNull();
        }
    }

    [Fact]
    public async Task Suspend_TenantDirectoryMadeByAnotherWithMode0755_RefusedNamingItAndTheVmRunsOn()
    {
        Directory.CreateDirectory(StateDirectory, OwnerOnly);
        var planted = Path.Combine(StateDirectory, "acme");
        Directory.CreateDirectory(planted, OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        await using var agent = Agent(StateDirectory);
        await RunningAsync("acme.lab.vm1");

        var error = await Should.ThrowAsync<DriverFailureException>(() => agent.ControlVmAsync("acme.lab.vm1", VmOperation.Suspend, CancellationToken.None));

        error.Message.ShouldContain($"\"{planted}\" is refused: its mode is 0755: group or others may enter (want 0700)");
        _driver.StatePaths.ShouldBeEmpty("the driver was never asked to write there");
        (await agent.InspectVmAsync("acme.lab.vm1", CancellationToken.None)).State.ShouldBe(VmState.Running);
        File.GetUnixFileMode(planted).ShouldNotBe(OwnerOnly, "a refused directory is left as it was, not repaired behind the admin's back");
    }

    [Fact]
    public async Task Suspend_StateDirectoryIsASymlink_RefusedAndTheTargetStaysEmpty()
    {
        var elsewhere = Directory.CreateDirectory(Path.Combine(_data, "elsewhere"), OwnerOnly).FullName;
        Directory.CreateSymbolicLink(StateDirectory, elsewhere);
        await using var agent = Agent(StateDirectory);
        await RunningAsync("acme.lab.vm1");

        var error = await Should.ThrowAsync<DriverFailureException>(() => agent.ControlVmAsync("acme.lab.vm1", VmOperation.Suspend, CancellationToken.None));

        error.Message.ShouldContain("is refused: it is a symbolic link");
        Directory.EnumerateFileSystemEntries(elsewhere).ShouldBeEmpty();
    }

    [Fact]
    public async Task Suspend_NoStateDirectoryConfigured_RefusedInsteadOfAPathUnderTmp()
    {
        await using var agent = Agent(null);
        await RunningAsync("acme.lab.vm1");

        var error = await Should.ThrowAsync<DriverFailureException>(() => agent.ControlVmAsync("acme.lab.vm1", VmOperation.Suspend, CancellationToken.None));

        error.Message.ShouldContain("no state directory configured");
        _driver.StatePaths.ShouldBeEmpty();
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);

    private LocalHostAgent Agent(string? stateDirectory) =>
        new("local", _driver, new InMemoryHostNetworks()) { StateDirectory = stateDirectory };

    private async Task RunningAsync(string vmId)
    {
        await _driver.DefineAsync(new VmDefinition(vmId, vmId.Split('.')[^1], 128, 1, new BootSource("/boot/vmlinuz"), []), CancellationToken.None);
        (await _driver.StartAsync(vmId, CancellationToken.None)).State.ShouldBe(VmState.Running);
    }
}
