using Nines.Api.Contracts;
using Nines.Cli.Hosting;
using Nines.Cli.Output;
using Nines.Networking.Planning;
using Nines.Networking.Testbed;
using Nines.Scenarios;
using Nines.Scheduling.HostSide;

namespace Nines.Cli.Commands;

/// <summary>
/// "How to reach the VMs" after a deploy: each VM's host, state and addresses (from the scenario's interfaces), and
/// the exact commands that reach them — <c>nines exec</c>, and <c>ping</c> from the namespace the host side lives in.
/// </summary>
internal static class ReachReport
{
    public static async Task WriteAsync(TextWriter output, string name, string scenarioText, string file, string? configuration, IReadOnlyList<VmView> vms, ControllerInfo? controller) =>
        await WriteAsync(output, name, scenarioText, file, configuration, vms, controller, TestbedNamespaces).ConfigureAwait(false);

    /// <summary>As above, with the namespaces of this machine's testbed hosts by host name (<see cref="TestbedNamespaces"/>).</summary>
    internal static async Task WriteAsync(
        TextWriter output, string name, string scenarioText, string file, string? configuration, IReadOnlyList<VmView> vms, ControllerInfo? controller, Func<string, IReadOnlyList<string>> namespacesOfHost)
    {
        var scenario = ScenarioReader.Read(scenarioText, file, configuration).Value?.Scenario;
        var addresses = scenario?.Vms.ToDictionary(
            v => v.Name,
            v => v.Interfaces.SelectMany(i => i.Ipv4.Select(a => $"{a} ({i.Network})")).ToList(),
            StringComparer.Ordinal) ?? [];
        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync($"Deployed {name}: {DiagnosticPrinter.Plural(vms.Count, "VM")}.").ConfigureAwait(false);
        TextTable.Write(output, ["VM", "HOST", "STATE", "ADDRESSES"], vms.Select(v => (IReadOnlyList<string>)
        [
            v.Name,
            v.Host ?? "-",
            v.State ?? "-",
            addresses.GetValueOrDefault(v.Name) is { Count: > 0 } list ? string.Join(", ", list) : "-",
        ]));

        var first = vms.FirstOrDefault()?.Name ?? "VM";
        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync("Reach them:").ConfigureAwait(false);
        await output.WriteLineAsync($"  nines exec {name} --vm {first} -- ip addr      # one command in a guest; its output and exit code").ConfigureAwait(false);
        var firstAddress = addresses.GetValueOrDefault(first)?.FirstOrDefault()?.Split('/')[0];
        var hostSide = scenario?.Host?.Interfaces.SelectMany(i => i.Ipv4.Select(a => $"{a} on {i.Network}")).ToList() ?? [];
        var shared = controller?.HostSide == HostSideArgument.Shared;

        // Each deployment's host side lives in a namespace of its own, named from its id and the switch's namespace.
        var deploymentId = $"{vms.FirstOrDefault()?.Tenant ?? "default"}.{name}";
        if (controller is { Driver: not "fake" } && firstAddress is not null && hostSide.Count == 0)
        {
            await output.WriteLineAsync("  (the scenario has no host interface: nothing on the host side reaches its VMs; use nines exec)").ConfigureAwait(false);
        }
        else if (controller is { Store: not null, Driver: not "fake" } && firstAddress is not null && scenario is not null)
        {
            // In a cluster the host side lands on one host (the one with most VMs on its networks), not on this machine.
            var placements = vms.Where(v => v.Host is not null).ToDictionary(v => v.Name, v => v.Host!, StringComparer.Ordinal);
            if (HostSidePlacement.Choose(scenario, placements) is { } host)
            {
                var line = namespacesOfHost(host) is [var ns]
                    ? $"  ip netns exec {(shared ? ns : HostSideNamespace.Name(deploymentId, ns))} ping -c1 {firstAddress}      # the scenario's host side lives on {host} (this testbed host's {(shared ? "namespace" : "deployment namespace")})"
                    : $"  ip netns exec {HostSideNamespace.Name(deploymentId, null)} ping -c1 {firstAddress}      # on host {host}, where the scenario's host side lives (its agent without --netns; with one: nines hostside {name} --netns NS -- ping ...)";
                await output.WriteLineAsync(line).ConfigureAwait(false);
            }
        }
        else if (controller is { Driver: not "fake" } && firstAddress is not null)
        {
            var ns = shared ? controller.NetworkNamespace : HostSideNamespace.Name(deploymentId, controller.NetworkNamespace);
            var prefix = ns is not null ? $"ip netns exec {ns} " : string.Empty;
            var from = shared
                ? ns is not null ? $"from the namespace \"{ns}\" every deployment's host side shares" : "from this machine"
                : $"from the deployment's own namespace \"{ns}\"";
            await output.WriteLineAsync($"  {prefix}ping -c1 {firstAddress}      # {from} ({string.Join(", ", hostSide)})").ConfigureAwait(false);
            await output.WriteLineAsync($"  nines hostside {name} -- ping -c1 {firstAddress}      # the same, found for you").ConfigureAwait(false);
        }

        await output.WriteLineAsync($"  nines status {name}    nines vm list {name}    nines undeploy {name}").ConfigureAwait(false);
    }

    /// <summary>The namespaces of the hosts named <paramref name="host"/> in this machine's testbeds (<c>nines testbed up</c>).</summary>
    private static IReadOnlyList<string> TestbedNamespaces(string host)
    {
        try
        {
            return [.. NamespaceTestbed.List(NamespaceTestbedOptions.DefaultBaseDirectory)
                .Select(NamespaceTestbed.Open)
                .SelectMany(t => t?.Hosts.Where(h => h.Name == host).Select(h => h.Namespace) ?? [])];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or System.Text.Json.JsonException)
        {
            return [];
        }
    }
}
