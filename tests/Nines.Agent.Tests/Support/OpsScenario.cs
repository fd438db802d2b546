using Nines.Contracts.Agents;
using Nines.Contracts.Model;
using Nines.Drivers;
using Nines.Drivers.Fake;
using Nines.Scenarios;
using Nines.Scenarios.Native;

namespace Nines.Agent.Tests.Support;

/// <summary>A two-VM scenario with command sequences, and its desired set for one host with scripted guest commands.</summary>
internal static class OpsScenario
{
    public static DeploymentRef Deployment { get; } = new("acme", "ops");

    public static string Vm1 => Deployment.VmId("vm1");

    public static string Vm2 => Deployment.VmId("vm2");

    /// <summary>The guest commands vm1 answers: <c>uname</c> succeeds, <c>false-cmd</c> exits 3, <c>slow-cmd</c> takes 10 s.</summary>
    public static FakeBehaviour Behaviour { get; } = new(ExecRules:
    [
        new FakeExecRule("uname", 0, "Linux nines\n"),
        new FakeExecRule("false-cmd", 3, string.Empty, "boom\n"),
        new FakeExecRule("slow-cmd", 0, "done\n", Duration: TimeSpan.FromSeconds(10)),
    ]);

    public static string Yaml()
    {
        const string xml = """
            <vnuml>
              <global>
                <version>1.92</version>
                <simulation_name>ops</simulation_name>
                <automac/>
                <vm_mgmt type="none"/>
              </global>
              <vm name="vm1">
                <exec seq="hello" type="verbatim">uname -a</exec>
                <exec seq="slow" type="verbatim">uname -r</exec>
                <exec seq="slow" type="verbatim">slow-cmd</exec>
              </vm>
              <vm name="vm2"/>
            </vnuml>
            """;
        var document = ScenarioReader.Read(xml, "ops.xml");
        document.Succeeded.ShouldBeTrue(string.Join("\n", document.Diagnostics));
        return NativeScenarioWriter.Write(document.Value!.Scenario);
    }

    public static HostDeploymentDesired Desired() => new(
        Deployment.Id,
        Yaml(),
        [Definition("vm1") with { Fake = Behaviour }, Definition("vm2")],
        IncludeHostSection: false,
        new Dictionary<string, int>());

    private static VmDefinition Definition(string name) =>
        new(Deployment.VmId(name), name, 128, 1, new BootSource("/guest/vmlinux", "/guest/initrd.cpio", "console=ttyS0"));

    /// <summary>Converges <paramref name="desired"/> through <paramref name="agent"/> until every VM is ready (ticking <paramref name="tick"/> between passes).</summary>
    public static async Task<HostDeploymentObservation> ConvergeAsync(IHostAgent agent, HostDeploymentDesired desired, Action? tick = null)
    {
        for (var pass = 0; pass < 50; pass++)
        {
            var observation = await agent.ConvergeAsync(desired, CancellationToken.None);
            if (observation.Converged)
            {
                return observation;
            }

            observation.Error.ShouldBeNull();
            tick?.Invoke();
            await Task.Delay(20);
        }

        throw new TimeoutException("the host did not converge in 50 passes");
    }
}
