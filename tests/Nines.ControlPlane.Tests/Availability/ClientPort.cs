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
        var tag = (await host.Ovs.VsctlAsync(["get", "port", ports.First(p => p != "hacl0"), "tag"], ct)).ThrowIfFailed().StandardOutput.Trim();
        await ns.RunAsync("ip", "link", "add", "hacl0", "type", "veth", "peer", "name", "hacl1");
        (await host.Ovs.VsctlAsync(["add-port", "nines0", "hacl0", .. tag == "[]" ? Array.Empty<string>() : [$"tag={tag}"]], ct)).ThrowIfFailed();
        await ns.RunAsync("ip", "link", "set", "hacl0", "up");
        await ns.RunAsync("ip", "addr", "add", address, "dev", "hacl1");
        await ns.RunAsync("ip", "link", "set", "hacl1", "up");
    }

    /// <summary>
    /// Keeps the client port's tag equal to the VMs' ports' until cancelled: a VM port's tag was seen to change after
    /// the deploy completed (2048 → 2049), which cut the client off.
    /// </summary>
    public static async Task FollowTagAsync(EmbeddedHost host, CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var ports = (await host.Ovs!.VsctlAsync(["list-ports", "nines0"], ct)).StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(p => p != "hacl0").ToList();
                if (ports.Count > 0)
                {
                    var tag = (await host.Ovs.VsctlAsync(["get", "port", ports[0], "tag"], ct)).StandardOutput.Trim();
                    var mine = (await host.Ovs.VsctlAsync(["get", "port", "hacl0", "tag"], ct)).StandardOutput.Trim();
                    if (tag != mine && tag.Length > 0 && tag != "[]")
                    {
                        await host.Ovs.VsctlAsync(["set", "port", "hacl0", $"tag={tag}"], ct);
                    }
                }

                await Task.Delay(200, ct);
            }
        }
        catch (OperationCanceledException)
        {
            // The test is over.
        }
    }
}
