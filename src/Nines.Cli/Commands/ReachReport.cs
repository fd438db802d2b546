using Nines.Api.Contracts;
using Nines.Cli.Hosting;
using Nines.Cli.Output;
using Nines.Scenarios;

namespace Nines.Cli.Commands;

/// <summary>
/// "How to reach the VMs" after a deploy: each VM's host, state and addresses (from the scenario's interfaces), and
/// the exact commands that reach them — <c>nines exec</c>, and <c>ping</c> from the namespace the host side lives in.
/// </summary>
internal static class ReachReport
{
    public static async Task WriteAsync(TextWriter output, string name, string scenarioText, string file, string? configuration, IReadOnlyList<VmView> vms, ControllerInfo? controller)
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
        if (controller is { Driver: not "fake" } && firstAddress is not null)
        {
            var prefix = controller.NetworkNamespace is { } ns ? $"ip netns exec {ns} " : string.Empty;
            var hostSide = scenario?.Host?.Interfaces.SelectMany(i => i.Ipv4.Select(a => $"{a} on {i.Network}")).ToList() ?? [];
            var from = controller.NetworkNamespace is { } n ? $"from the namespace \"{n}\" the scenario's host side lives in" : "from this machine";
            await output.WriteLineAsync($"  {prefix}ping -c1 {firstAddress}      # {from}{(hostSide.Count > 0 ? $" ({string.Join(", ", hostSide)})" : string.Empty)}").ConfigureAwait(false);
        }

        await output.WriteLineAsync($"  nines status {name}    nines vm list {name}    nines undeploy {name}").ConfigureAwait(false);
    }
}
