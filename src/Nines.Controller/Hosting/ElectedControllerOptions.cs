using Nines.Contracts.Agents;
using Nines.Controller.AvailabilityShell;
using Nines.Controller.Reconciliation;
using Nines.Controller.Supervision;
using Nines.Store;

namespace Nines.Controller.Hosting;

/// <summary>How a controller campaigns for the active role among the controllers sharing a store.</summary>
public sealed record ControllerElectionOptions
{
    /// <summary>The election every controller of one cluster joins (its key is <c>/nines/election/&lt;Name&gt;</c>).</summary>
    public string Name { get; init; } = "controller";

    /// <summary>This controller's identity, stored as the election key's value; unique per process.</summary>
    public string Candidate { get; init; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>
    /// The active controller's lease TTL (default 2 s, etcd's minimum with its default election timeout): a standby
    /// takes over within about this long (plus etcd's 0.5 s expiry check) after the active one dies.
    /// </summary>
    public TimeSpan Ttl { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the active controller renews its lease; null for a third of <see cref="Ttl"/>.</summary>
    public TimeSpan? KeepAliveInterval { get; init; }

    /// <summary>How long to wait after a store error before campaigning again.</summary>
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromMilliseconds(250);
}

/// <summary>What a <see cref="ElectedController"/> runs: the shared store, the agents it reaches, how it reconciles and campaigns.</summary>
/// <param name="Store">The cluster's shared store (not disposed by the controller).</param>
/// <param name="Agents">How the active controller reaches each registered host's agent.</param>
/// <param name="Reconciler">The reconciler's options (mapping, VLANs, pacing).</param>
public sealed record ElectedControllerOptions(IStateStore Store, IHostAgentDirectory Agents, ReconcilerOptions Reconciler)
{
    public ControllerElectionOptions Election { get; init; } = new();

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Where the long-running components log (reconcile failures, loop restarts, decisions); none by default.</summary>
    public Microsoft.Extensions.Logging.ILoggerFactory LoggerFactory { get; init; } = Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance;

    /// <summary>Where the supervised loops' states are kept (for <c>/v1/health</c>); null for one of the controller's own.</summary>
    public LoopRegistry? Loops { get; init; }

    /// <summary>How the long-running loops are restarted after a failure (backoff); null for the defaults.</summary>
    public LoopSupervisorOptions? Supervision { get; init; }

    /// <summary>
    /// The availability manager the active controller runs over every host (redundancy groups, failover, replacements
    /// on other hosts); null runs none.
    /// </summary>
    public AvailabilityOptions? Availability { get; init; } = new();
}
