using Nines.ControlPlane.Embedded;
using Nines.ControlPlane.Tests.EndToEnd;

namespace Nines.ControlPlane.Tests.Availability;

/// <summary>
/// Gives the test namespace an address on a scenario network: a veth pair whose one end joins the bridge with the
/// network's VLAN tag (read from a VM's port), the other carrying <c>address</c>.
/// </summary>
internal static class ClientPort
{
    public static async Task AttachAsync(EmbeddedHost host, TestNetworkNamespace ns, string address, CancellationToken ct)
    {
        var ports = (await host.Ovs!.VsctlAsync(["list-ports", "nines0"], ct)).ThrowIfFailed().StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var tag = (await host.Ovs.VsctlAsync(["get", "port", ports[0], "tag"], ct)).ThrowIfFailed().StandardOutput.Trim();
        await ns.RunAsync("ip", "link", "add", "hacl0", "type", "veth", "peer", "name", "hacl1");
        (await host.Ovs.VsctlAsync(["add-port", "nines0", "hacl0", .. tag == "[]" ? Array.Empty<string>() : [$"tag={tag}"]], ct)).ThrowIfFailed();
        await ns.RunAsync("ip", "link", "set", "hacl0", "up");
        await ns.RunAsync("ip", "addr", "add", address, "dev", "hacl1");
        await ns.RunAsync("ip", "link", "set", "hacl1", "up");
    }
}
