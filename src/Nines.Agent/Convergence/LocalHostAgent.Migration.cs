using Nines.Contracts.Agents;
using Nines.Drivers;
using Nines.Drivers.Errors;
using Nines.Drivers.Migration;

namespace Nines.Agent.Convergence;

/// <summary>Live migrations in and out of this host (<see cref="IHostMigrations"/>).</summary>
public sealed partial class LocalHostAgent : IHostMigrations
{
    private readonly Lock _outgoingGate = new();
    private readonly Dictionary<string, OutgoingRun> _outgoing = new(StringComparer.Ordinal);

    // VM id → when its migration here was prepared or arrived. A desired set computed from a plan read before the
    // migration began (a reconcile pass in flight, another migration's prepare) does not list the VM: for a while after
    // each step such a set must not remove it.
    private readonly Dictionary<string, DateTimeOffset> _migratingIn = new(StringComparer.Ordinal);

    /// <summary>How long an incoming or arrived VM is kept from removal by desired sets that do not list it.</summary>
    public TimeSpan IncomingProtection { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The address other hosts reach this one's migration streams on (the destination QEMU listens there).</summary>
    public string MigrationAddress { get; init; } = "127.0.0.1";

    public async Task<MigrationEndpoint> PrepareIncomingMigrationAsync(HostDeploymentDesired desired, string vmId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentException.ThrowIfNullOrEmpty(vmId);
        if (!desired.IsIncoming(vmId) || desired.Vms.All(v => v.Id != vmId))
        {
            throw new ArgumentException($"incoming: the desired set must list vm \"{vmId}\" among its vms and as incoming", nameof(desired));
        }

        lock (_outgoingGate)
        {
            _migratingIn[vmId] = Time.GetUtcNow();
        }

        // The VM's networks (its segment, VLAN and tap) exist here before anything is sent.
        var observation = await ConvergeAsync(desired, cancellationToken).ConfigureAwait(false);
        var vm = observation.Vms.First(v => v.VmId == vmId);
        if ((observation.Error ?? vm.Error) is { } error)
        {
            LogMigrationStep(HostName, vmId, "incoming refused", error);
            throw new DriverFailureException(vmId, $"host {HostName} cannot take vm \"{vmId}\": {error}");
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var endpoint = await _driver.PrepareIncomingMigrationAsync(vmId, new MigrationEndpoint(MigrationAddress, 0), cancellationToken).ConfigureAwait(false);
            LogMigrationStep(HostName, vmId, "incoming prepared", $"listening on {MigrationAddress}:{endpoint.Port}");
            return endpoint with { Address = MigrationAddress };
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<VmStatus> CompleteIncomingMigrationAsync(string vmId, TimeSpan guestCheckTimeout, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(vmId);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var status = await _driver.CompleteIncomingMigrationAsync(vmId, guestCheckTimeout, cancellationToken).ConfigureAwait(false);

            // The guest's addresses and routes came with its memory: it is configured for this "boot".
            _configured[vmId] = status.Since;
            LogMigrationStep(HostName, vmId, "incoming completed", $"the vm is {status.State.ToString().ToLowerInvariant()} here");
            lock (_outgoingGate)
            {
                _migratingIn[vmId] = Time.GetUtcNow();
            }

            return status;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A destroyed destination (a failed migration) is the plan's to remove at once.</summary>
    private void EndIncomingProtection(string vmId)
    {
        lock (_outgoingGate)
        {
            _migratingIn.Remove(vmId);
        }
    }

    private bool MigratingIn(string vmId)
    {
        lock (_outgoingGate)
        {
            return _migratingIn.TryGetValue(vmId, out var at) && Time.GetUtcNow() - at < IncomingProtection;
        }
    }

    public Task<OutgoingMigration> StartOutgoingMigrationAsync(string vmId, MigrationEndpoint destination, MigrationPolicy policy, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(vmId);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.Validate() is { Count: > 0 } errors)
        {
            throw new ArgumentException($"policy: {string.Join("; ", errors)}", nameof(policy));
        }

        lock (_outgoingGate)
        {
            if (_outgoing.TryGetValue(vmId, out var running) && !running.Work.IsCompleted)
            {
                throw new InvalidOperationException($"vm \"{vmId}\" is already migrating to {running.Destination}");
            }

            var run = new OutgoingRun(destination.ToString());
            LogMigrationStep(HostName, vmId, "outgoing started", $"to {destination}");
            run.Work = Task.Run(async () =>
            {
                await run.RunAsync(token => _driver.MigrateAsync(vmId, destination, policy, run, token)).ConfigureAwait(false);
                var outcome = run.Snapshot(vmId);
                if (outcome.Error is { } error)
                {
                    LogOutgoingFailed(HostName, vmId, destination.ToString(), outcome.Cancelled ? "cancelled" : error);
                }
                else
                {
                    LogMigrationStep(HostName, vmId, "outgoing completed", $"to {destination}");
                }
            }, CancellationToken.None);
            _outgoing[vmId] = run;
            return Task.FromResult(run.Snapshot(vmId));
        }
    }

    public Task<OutgoingMigration> GetOutgoingMigrationAsync(string vmId, CancellationToken cancellationToken)
    {
        lock (_outgoingGate)
        {
            return Task.FromResult(_outgoing.TryGetValue(vmId, out var run) ? run.Snapshot(vmId) : throw new VmNotFoundException(vmId));
        }
    }

    public async Task<OutgoingMigration> CancelOutgoingMigrationAsync(string vmId, CancellationToken cancellationToken)
    {
        OutgoingRun run;
        lock (_outgoingGate)
        {
            run = _outgoing.TryGetValue(vmId, out var found) ? found : throw new VmNotFoundException(vmId);
        }

        LogMigrationStep(HostName, vmId, "outgoing cancel requested", $"to {run.Destination}");
        await run.Cancel.CancelAsync().ConfigureAwait(false);
        await run.Work.WaitAsync(cancellationToken).ConfigureAwait(false);
        return run.Snapshot(vmId);
    }

    /// <summary>One outgoing migration: its work, the last sample, the outcome.</summary>
    private sealed class OutgoingRun(string destination) : IProgress<MigrationProgress>
    {
        private readonly Lock _gate = new();
        private MigrationProgress? _last;
        private MigrationResult? _result;
        private Exception? _error;

        public string Destination { get; } = destination;

        public CancellationTokenSource Cancel { get; } = new();

        public Task Work { get; set; } = Task.CompletedTask;

        public void Report(MigrationProgress value)
        {
            lock (_gate)
            {
                _last = value;
            }
        }

        public async Task RunAsync(Func<CancellationToken, Task<MigrationResult>> migrate)
        {
            try
            {
                var result = await migrate(Cancel.Token).ConfigureAwait(false);
                lock (_gate)
                {
                    _result = result;
                    _last = result.Final;
                }
            }
            catch (Exception e)
            {
                lock (_gate)
                {
                    _error = e;
                }
            }
        }

        public OutgoingMigration Snapshot(string vmId)
        {
            lock (_gate)
            {
                return new OutgoingMigration(
                    vmId,
                    Destination,
                    _result is not null || _error is not null,
                    _last,
                    _result,
                    _error?.Message,
                    (_error as VmDriverException)?.Code ?? (_error is ArgumentException ? "invalid-argument" : null),
                    _error is OperationCanceledException);
            }
        }
    }
}
