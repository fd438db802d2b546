using Nines.Agent.Hosting;
using Nines.Contracts.Model;

namespace Nines.Embedded.Tests.EndToEnd;

/// <summary>The embedded host composed with the fake driver: the whole pipeline on a real SQLite file, in real time, without root.</summary>
public sealed class EmbeddedHostFakeTests : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("nefake-").FullName;
    private EmbeddedHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await EmbeddedHost.StartAsync(new EmbeddedHostOptions { DataDirectory = _data, Driver = EmbeddedDriverKind.Fake, OperationPollInterval = TimeSpan.FromMilliseconds(50) }, CancellationToken.None);

    public async Task DisposeAsync()
    {
        await _host.StopAsync(tearDown: true, CancellationToken.None);
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task StartAsync_Fake_RegistersTheHostUnderItsLease()
    {
        var hosts = await _host.Hosts.ListAsync(CancellationToken.None);

        hosts.Select(h => h.Name).ShouldBe(["local"]);
        hosts[0].MemoryMiB.ShouldBeGreaterThan(0);
        hosts[0].Versions.ShouldNotBeNull("the record says what the host runs");
        hosts[0].Versions!.Kernel.ShouldBe((await File.ReadAllTextAsync("/proc/sys/kernel/osrelease")).Trim());
        hosts[0].Versions!.Qemu.ShouldNotBeNullOrEmpty("QEMU is installed on every machine the tests run on");
        File.Exists(Path.Combine(_data, "state.db")).ShouldBeTrue();
    }

    [Fact]
    public async Task DeployFileAsync_Tutorial_CompletesWithProgressAndIsIdempotent()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var reports = new List<Operation>();

        var outcome = await _host.DeployFileAsync(TutorialEndToEndTests.TutorialPath, null, new SynchronousProgress<Operation>(reports.Add), timeout.Token);

        outcome.Succeeded.ShouldBeTrue(outcome.Operation.Error);
        outcome.Deployment.ShouldBe(new DeploymentRef("default", "tutorial-r1_xp"));
        outcome.Status!.Phase.ShouldBe(DeploymentPhase.Running);
        reports[^1].State.ShouldBe(OperationState.COMPLETED);
        var again = await _host.DeployFileAsync(TutorialEndToEndTests.TutorialPath, null, null, timeout.Token);
        again.Operation.Id.ShouldBe(outcome.Operation.Id, "the same scenario again is the same generation");
    }

    [Fact]
    public async Task DeployTextAsync_OsLevelVm_RunsOnTheInstanceDriverBesideTheGuest()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));

        var outcome = await _host.DeployTextAsync(MixedScenarioEndToEndTests.Scenario, "mixed.yaml", null, null, timeout.Token);

        outcome.Succeeded.ShouldBeTrue(outcome.Operation.Error);
        _host.Driver.Name.ShouldBe("fake+fake");
        (await _host.Driver.Instances.InspectAsync(outcome.Deployment.VmId("vnf"), timeout.Token)).State.ShouldBe(Drivers.VmState.Running);
        (await _host.Driver.Vms.InspectAsync(outcome.Deployment.VmId("guest"), timeout.Token)).State.ShouldBe(Drivers.VmState.Running);
        await Should.ThrowAsync<Drivers.Errors.VmNotFoundException>(() => _host.Driver.Vms.InspectAsync(outcome.Deployment.VmId("vnf"), timeout.Token));
    }

    [Fact]
    public async Task UndeployAsync_Deployed_RemovesEverythingAndForgetsTheSpec()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var outcome = await _host.DeployFileAsync(TutorialEndToEndTests.TutorialPath, null, null, timeout.Token);

        var undeploy = await _host.UndeployAsync(outcome.Deployment, null, timeout.Token);

        undeploy.ShouldNotBeNull().State.ShouldBe(OperationState.COMPLETED);
        (await _host.Agent.ListDeploymentsAsync(timeout.Token)).ShouldBeEmpty();
        (await _host.Deployments.GetAsync(outcome.Deployment, timeout.Token)).ShouldBeNull();
        (await _host.UndeployAsync(outcome.Deployment, null, timeout.Token)).ShouldBeNull("nothing is left to undeploy");
    }

    [Fact]
    public async Task DeployTextAsync_BrokenScenario_ThrowsWithEveryError()
    {
        var error = await Should.ThrowAsync<ScenarioRejectedException>(() =>
            _host.DeployTextAsync("<vnuml><global><version>1.8</version></global><vm name=\"a\"><mem>64X</mem></vm></vnuml>", "broken.xml", null, null, CancellationToken.None));

        error.Errors.ShouldNotBeEmpty();
        error.Message.ShouldContain("broken.xml");
    }

    [Theory]
    [InlineData("tutorial-r1_xp", "tutorial-r1_xp")]
    [InlineData("My Lab.v2", "my-lab-v2")]
    [InlineData("--x", "x")]
    [InlineData("***", "scenario")]
    public void DeploymentName_ScenarioName_IsAValidDeploymentName(string scenario, string expected)
    {
        var name = EmbeddedHost.DeploymentName(scenario);

        name.ShouldBe(expected);
        DeploymentRef.IsValidPart(name).ShouldBeTrue();
    }
}
