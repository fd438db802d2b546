using Nines.Availability.Recovery;
using Nines.Contracts.Model;

namespace Nines.Controller.AvailabilityShell;

/// <summary>How the <see cref="AvailabilityManager"/> finds groups, recovers units and reports what it saw.</summary>
public sealed record AvailabilityOptions
{
    /// <summary>How often deployments are looked at for new or removed redundancy groups (not failure detection: that is event driven).</summary>
    public TimeSpan DiscoveryInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a restarted unit may take to run (and, for a guest, to answer its guest agent) before the restart counts as failed.</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long the restart of a unit waits when its service instances were failed over and are active elsewhere: the
    /// restart (a guest booting or a runtime starting) would otherwise take the CPUs the new active needs in the
    /// moments it takes over. A restart that is itself the recovery (the unit keeps its assignments) never waits.
    /// Measured on 2 cores with the sample counter: client-visible outage p99 218 ms (20 kills) without it, 156 ms (30 kills) with it.
    /// </summary>
    public TimeSpan RepairDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a host drain waits for a unit's switchover (its service confirming the quiesce) before it gives the handover up.</summary>
    public TimeSpan HandoverTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Each unit's recovery configuration (deployment, group, unit); null for <see cref="RecoveryConfig.Default"/>.</summary>
    public Func<DeploymentRef, string, string, RecoveryConfig>? RecoveryConfigOf { get; init; }

    /// <summary>Starts a unit's application once its VM runs; null for <see cref="SequenceUnitLauncher"/> (the scenario's <c>start</c> sequence).</summary>
    public IUnitLauncher? Launcher { get; init; }

    /// <summary>
    /// The command sequence that checks a unit's application (<c>health</c>): run on every unit in service each
    /// <see cref="HealthInterval"/>; a non-zero exit or no answer within <see cref="HealthTimeout"/> is a
    /// <c>HealthCommandFailed</c> observation. A scenario without the sequence is not checked this way.
    /// </summary>
    public string HealthSequence { get; init; } = "health";

    /// <summary>How often the <see cref="HealthSequence"/> runs on each unit.</summary>
    public TimeSpan HealthInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one run of the <see cref="HealthSequence"/> may take.</summary>
    public TimeSpan HealthTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Called by the monitor for every failure it feeds an engine, with the driver's event time and the engine's (benchmarks, tests).</summary>
    public Action<DeploymentRef, HealthObservation, DateTimeOffset>? Observed { get; init; }
}
