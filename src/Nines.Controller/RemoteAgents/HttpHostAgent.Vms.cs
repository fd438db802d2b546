using System.Text.Json;
using Nines.Contracts.Agents;
using Nines.Contracts.AgentWire;
using Nines.Drivers;
using Nines.Drivers.Sequences;

namespace Nines.Controller.RemoteAgents;

/// <summary>Single-VM operations and sequences over HTTP (<see cref="IHostVmOperations"/>).</summary>
public sealed partial class HttpHostAgent
{
    public Task<VmStatus> InspectVmAsync(string vmId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(vmId);
        return SendAsync<VmStatus>(HttpMethod.Get, $"vms/{Escape(vmId)}", null, ReadTimeout, cancellationToken);
    }

    public Task<VmStatus> ControlVmAsync(string vmId, VmOperation operation, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(vmId);
        return SendAsync<VmStatus>(HttpMethod.Post, $"vms/{Escape(vmId)}/control", new VmControlRequest(operation), RequestTimeout, cancellationToken);
    }

    public Task<VmKpis> SampleVmAsync(string vmId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(vmId);
        return SendAsync<VmKpis>(HttpMethod.Get, $"vms/{Escape(vmId)}/kpis", null, ReadTimeout, cancellationToken);
    }

    public Task<GuestExecResult> ExecVmAsync(string vmId, GuestCommand command, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(vmId);
        ArgumentNullException.ThrowIfNull(command);
        return SendAsync<GuestExecResult>(HttpMethod.Post, $"vms/{Escape(vmId)}/exec", command, RequestTimeout, cancellationToken);
    }

    public Task<VmStatus> ResizeVmAsync(string vmId, QosChange change, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(vmId);
        ArgumentNullException.ThrowIfNull(change);
        return SendAsync<VmStatus>(HttpMethod.Post, $"vms/{Escape(vmId)}/resize", change, ConvergeTimeout, cancellationToken);
    }

    /// <summary>
    /// Runs the sequence on the host, reporting each progress line as it arrives (the agent streams them while the
    /// commands run), and returns the result line. Not limited by <see cref="RequestTimeout"/>: sequences may run long.
    /// </summary>
    public async Task<SequenceRunResult> RunSequenceAsync(
        string deploymentId,
        string scenarioYaml,
        IReadOnlyCollection<string> vms,
        string sequence,
        IProgress<SequenceProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(deploymentId);
        ArgumentNullException.ThrowIfNull(scenarioYaml);
        ArgumentNullException.ThrowIfNull(vms);
        ArgumentNullException.ThrowIfNull(sequence);
        var path = $"deployments/{Escape(deploymentId)}/sequences";
        try
        {
            return await RunSequenceCoreAsync(path, new SequenceRunRequest(scenarioYaml, [.. vms], sequence), progress, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            // The handler's connect timeout, which it reports as a cancellation.
            throw TimedOut(HttpMethod.Post, path, null, e);
        }
    }

    private async Task<SequenceRunResult> RunSequenceCoreAsync(string path, SequenceRunRequest body, IProgress<SequenceProgress>? progress, CancellationToken cancellationToken)
    {
        var sequence = body.Sequence;
        using var request = Request(HttpMethod.Post, path, body);
        using var response = await SendHttpAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await ThrowIfFailedAsync(response, HttpMethod.Post, path, cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } text)
        {
            if (text.Length == 0)
            {
                continue;
            }

            var line = ReadLine(text, path);
            if (line.Progress is { } step)
            {
                progress?.Report(step);
            }
            else if (line.Result is { } result)
            {
                return result;
            }
            else if (line.Error is { } problem)
            {
                throw AgentErrors.ToException(problem)
                    ?? new HttpRequestException($"the agent of host \"{HostName}\" failed running sequence \"{sequence}\": {problem.Title}: {problem.Detail}");
            }
        }

        // The stream ended without a result: the agent died or the link broke mid-run.
        throw new HttpRequestException($"the agent of host \"{HostName}\" ended the answer to sequence \"{sequence}\" before its result");
    }

    private SequenceStreamLine ReadLine(string text, string path)
    {
        try
        {
            return JsonSerializer.Deserialize<SequenceStreamLine>(text, AgentJson.Answers)
                ?? throw new HttpRequestException($"the agent of host \"{HostName}\" sent an empty line answering POST {path}");
        }
        catch (JsonException e)
        {
            throw new HttpRequestException($"the agent of host \"{HostName}\" sent a line that does not read answering POST {path}: {e.Message}", e);
        }
    }
}
