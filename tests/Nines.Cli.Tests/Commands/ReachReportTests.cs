using Nines.Api.Contracts;
using Nines.Cli.Commands;
using Nines.Cli.Hosting;
using Nines.Networking.Planning;

namespace Nines.Cli.Tests.Commands;

public sealed class ReachReportTests
{
    private static readonly string _tutorial = File.ReadAllText(CliRunner.Data("vnuml", "tutorial_root1_xp_sysprep.xml"));

    // The tutorial over three hosts as RoundRobin places it: its host side (hostif on Net3) lands with uml3 on h3.
    private static readonly IReadOnlyList<VmView> _vms =
    [
        Vm("uml1", "h1"), Vm("uml2", "h2"), Vm("uml3", "h3"), Vm("uml4", "h1"), Vm("uml5", "h2"),
    ];

    [Fact]
    public async Task WriteAsync_ClusterWithTestbedHost_PingsFromThatHostsNamespace()
    {
        var text = await WriteAsync(new ControllerInfo("http://127.0.0.1:7409/", 1, "qemu", null, "etcd://127.0.0.1:2379"), h => h == "h3" ? ["nines-tb-1-h3"] : []);

        // Issue 18: the host side is the deployment's own namespace, named from its id and the host's switch namespace.
        text.ShouldContain($"ip netns exec {HostSideNamespace.Name("default.tutorial", "nines-tb-1-h3")} ping -c1 10.0.0.1");
        text.ShouldContain("lives on h3");
        text.ShouldNotContain("from this machine");
    }

    [Fact]
    public async Task WriteAsync_ClusterHostNotATestbedHost_NamesTheHost()
    {
        var text = await WriteAsync(new ControllerInfo("http://127.0.0.1:7409/", 1, "qemu", null, "etcd://127.0.0.1:2379"), _ => []);

        text.ShouldContain($"ip netns exec {HostSideNamespace.Name("default.tutorial", null)} ping -c1 10.0.0.1      # on host h3");
        text.ShouldNotContain("from this machine");
    }

    [Fact]
    public async Task WriteAsync_Embedded_PingsFromTheDeploymentsOwnNamespace()
    {
        var text = await WriteAsync(new ControllerInfo("http://127.0.0.1:7409/", 1, "qemu", "nines") { HostSide = "namespace" }, _ => ["never-asked"]);

        var ns = HostSideNamespace.Name("default.tutorial", "nines");
        text.ShouldContain($"ip netns exec {ns} ping -c1 10.0.0.1      # from the deployment's own namespace \"{ns}\" (10.0.3.2/24 on Net3)");
        text.ShouldContain("nines hostside tutorial -- ping -c1 10.0.0.1");
        text.ShouldNotContain("ip netns exec nines ping");
    }

    [Fact]
    public async Task WriteAsync_EmbeddedSharedHostSide_PingsFromTheControllersNamespace()
    {
        var text = await WriteAsync(new ControllerInfo("http://127.0.0.1:7409/", 1, "qemu", "nines") { HostSide = "shared" }, _ => ["never-asked"]);

        text.ShouldContain("ip netns exec nines ping -c1 10.0.0.1      # from the namespace \"nines\" every deployment's host side shares");
    }

    private static async Task<string> WriteAsync(ControllerInfo controller, Func<string, IReadOnlyList<string>> namespaces)
    {
        using var output = new StringWriter();
        await ReachReport.WriteAsync(output, "tutorial", _tutorial, "tutorial.xml", null, _vms, controller, namespaces);
        return output.ToString();
    }

    private static VmView Vm(string name, string host) => new("default", "tutorial", name, $"id-{name}", host, "Running", true, true, null);
}
