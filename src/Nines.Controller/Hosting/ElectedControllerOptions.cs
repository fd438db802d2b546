using Nines.Contracts.Agents;
using Nines.Controller.AvailabilityShell;
using Nines.Controller.Reconciliation;
using Nines.Controller.Supervision;
using Nines.Store;

namespace Nines.Controller.Hosting;

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
