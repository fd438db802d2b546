using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nines.Api.Contracts;
using Nines.Api.Http;
using Nines.Contracts.Agents;
using Nines.Contracts.Model;
using Nines.Contracts.Repositories;
using Nines.Controller.Repositories;
using Nines.Drivers.Sequences;

namespace Nines.Api.Sequences;

/// <summary>
/// Runs a VNUML command sequence of a deployment as an operation: validates the request, creates the operation
/// (kind <see cref="OperationKind.Exec"/>), and in the background asks each VM's host agent to run it, writing
/// per-VM progress as commands finish and COMPLETED or FAILED at the end. Stopping the app cancels runs in flight.
/// </summary>
internal sealed partial class SequenceOperationRunner : IAsyncDisposable
{
    private readonly OperationRepository _operations;
    private readonly HostRepository _hosts;
    private readonly EventLog _events;
    private readonly IHostAgentDirectory _agents;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly HashSet<Task> _running = [];
    private readonly HashSet<string> _runningIds = new(StringComparer.Ordinal);

    public SequenceOperationRunner(OperationRepository operations, HostRepository hosts, EventLog events, IHostAgentDirectory agents, TimeProvider time, ILogger<SequenceOperationRunner>? logger = null)
    {
        _operations = operations;
        _hosts = hosts;
        _events = events;
        _agents = agents;
        _time = time;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>How often progress is written while commands run.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How often a run writes its operation although nothing changed, so that it is seen alive.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// An unfinished exec operation no run has written for this long was abandoned: the process running it stopped
    /// (a controller killed mid-run) and nothing else would ever finish it.
    /// </summary>
    public TimeSpan AbandonedAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Validates <paramref name="request"/> against the deployment and starts the operation.</summary>
    public async Task<SequenceStart> StartAsync(StoredDeployment deployment, ExecRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        ArgumentNullException.ThrowIfNull(request);
        var errors = Validate(deployment, request, out var targets);
        if (errors.Any)
        {
            return new SequenceStart(null, errors, null);
        }

        if (!deployment.Spec.HasCurrentPlan)
        {
            return new SequenceStart(null, null, $"deployment \"{deployment.Ref.Name}\" is not placed yet (generation {deployment.Spec.Generation}): wait for its operation to complete");
        }

        var hosts = (await _hosts.ListAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(h => h.Name, StringComparer.Ordinal);
        var work = new List<HostWork>();
        foreach (var group in targets.GroupBy(vm => deployment.Spec.Plan!.Placements.GetValueOrDefault(vm) ?? string.Empty, StringComparer.Ordinal))
        {
            if (!hosts.TryGetValue(group.Key, out var host))
            {
                return new SequenceStart(null, null, $"the host of vm \"{group.First()}\" (\"{group.Key}\") is not registered");
            }

            if (_agents.Get(host) is not IHostVmOperations agent)
            {
                return new SequenceStart(null, null, $"the agent of host \"{host.Name}\" does not run command sequences");
            }

            work.Add(new HostWork(agent, [.. group]));
        }

        var operation = await _operations.CreateAsync(OperationKind.Exec, deployment.Ref, deployment.Spec.Generation, targets, cancellationToken).ConfigureAwait(false);
        var sequence = request.Sequence!;
        LogStarted(operation.Id, deployment.Ref.Tenant, deployment.Ref.Name, sequence, string.Join(", ", targets));
        lock (_gate)
        {
            Task? run = null;
            run = Task.Run(async () =>
            {
                try
                {
                    await RunAsync(operation, deployment, sequence, work, _stopping.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException || !_stopping.IsCancellationRequested)
                {
                    // Nothing but DisposeAsync awaits the run: without the log its end would go unnoticed.
                    LogCrashed(e, operation.Id, deployment.Ref.Tenant, deployment.Ref.Name, sequence);
                    throw;
                }
                finally
                {
                    lock (_gate)
                    {
                        _running.Remove(run!);
                        _runningIds.Remove(operation.Id);
                    }
                }
            }, CancellationToken.None);
            _running.Add(run);
            _runningIds.Add(operation.Id);
        }

        return new SequenceStart(operation, null, null);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        Task[] running;
        lock (_gate)
        {
            running = [.. _running];
        }

        try
        {
            await Task.WhenAll(running).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the runs were cancelled.
        }

        _stopping.Dispose();
    }

    private static ValidationErrors Validate(StoredDeployment deployment, ExecRequest request, out IReadOnlyList<string> targets)
    {
        var errors = new ValidationErrors();
        targets = [];
        var scenario = deployment.Scenario?.Scenario;
        if (string.IsNullOrWhiteSpace(request.Sequence))
        {
            errors.Add("sequence", "is required: the name of a command sequence (VNUML exec seq)");
            return errors;
        }

        if (scenario is null)
        {
            errors.Add("sequence", "the deployment's scenario does not parse");
            return errors;
        }

        var defined = ExecSequenceRunner.DefinedSequences(scenario);
        if (!defined.Contains(request.Sequence, StringComparer.Ordinal))
        {
            errors.Add("sequence", $"unknown sequence \"{request.Sequence}\" (expected one of {string.Join(", ", defined)})");
            return errors;
        }

        var asked = request.Vms ?? [.. scenario.Vms.Select(v => v.Name)];
        for (var i = 0; i < asked.Count; i++)
        {
            if (scenario.FindVm(asked[i]) is null)
            {
                errors.Add($"vms[{i}]", $"no vm \"{asked[i]}\" in the scenario (expected one of {string.Join(", ", scenario.Vms.Select(v => v.Name))})");
            }
        }

        targets = [.. scenario.Vms
            .Where(vm => asked.Contains(vm.Name, StringComparer.Ordinal))
            .Where(vm => vm.Execs.Any(e => e.Sequence == request.Sequence) || vm.FileTrees.Any(t => t.Sequence == request.Sequence))
            .Select(vm => vm.Name)];
        if (!errors.Any && targets.Count == 0)
        {
            errors.Add("sequence", $"no vm{(request.Vms is null ? string.Empty : " of those asked")} has commands in sequence \"{request.Sequence}\" (the scenario's <host> commands are not run through the API)");
        }

        return errors;
    }

    private sealed record HostWork(IHostVmOperations Agent, IReadOnlyList<string> Vms);
}
