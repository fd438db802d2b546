using System.Text.Json.Nodes;

namespace Nines.Bench.Soak;

/// <summary>Duplicate-VM sampling: each host is asked itself (its guest processes, or its agent's own view of a fake VM).</summary>
internal sealed partial class ClusterSystem
{
    private HttpClient? _agentHttp;

    public async Task<IReadOnlyDictionary<string, int>> SampleVmCopiesAsync(IReadOnlyCollection<string> vmIds, CancellationToken cancellationToken)
    {
        if (driver == "qemu")
        {
            return VmProcesses.Copies(tenants);
        }

        // The fake driver's VMs live inside their agent: ask every live agent for every VM the soak's tenants have.
        _agentHttp ??= CreateAgentClient();
        var agents = _agentCommands.Keys.Select(ReadAgent).OfType<AgentRecord>().Where(a => Shell.Alive(a.Pid)).ToList();
        var copies = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var vmId in vmIds)
        {
            var asks = agents.Select(a => RunsAsync(a, vmId, cancellationToken));
            var running = (await Task.WhenAll(asks).ConfigureAwait(false)).Count(r => r);
            if (running > 0)
            {
                copies[vmId] = running;
            }
        }

        return copies;
    }

    private HttpClient CreateAgentClient()
    {
        // The agents let in only the controller's certificate: the soak presents one from the cluster's CA, as the controller does.
        return new HttpClient(SoakTls.AgentHandler(Path.Combine(Data, "tls"))) { Timeout = TimeSpan.FromSeconds(3) };
    }

    private async Task<bool> RunsAsync(AgentRecord agent, string vmId, CancellationToken cancellationToken)
    {
        try
        {
            using var answer = await _agentHttp!.GetAsync(new Uri($"{agent.Url}/agent/v1/vms/{Uri.EscapeDataString(vmId)}"), cancellationToken).ConfigureAwait(false);
            if (!answer.IsSuccessStatusCode)
            {
                return false;
            }

            var state = JsonNode.Parse(await answer.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false))?["state"]?.ToString();
            return state is not null && (state.Equals("Running", StringComparison.OrdinalIgnoreCase) || state.Equals("Paused", StringComparison.OrdinalIgnoreCase));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
