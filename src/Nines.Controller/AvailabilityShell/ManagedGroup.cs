using System.Threading.Channels;
using Nines.Availability.Engine;
using Nines.Availability.Model;
using Nines.Availability.Recovery;
using Nines.Contracts.Model;

namespace Nines.Controller.AvailabilityShell;

/// <summary>
/// One redundancy group of one deployment under management: its engine (the pure decider) and the ordered queue of
/// steps its applier carries out. Every engine call goes through here, so each outcome's steps are applied in the
/// order the engine gave them (a demotion before the promotion that follows it). Steps that wait for a guest
/// (restart, reset, instantiate) run beside the queue, so a restarting unit never holds up its standby's promotion.
/// </summary>
public sealed class ManagedGroup
{
    private readonly Channel<AvailabilityStep> _steps = Channel.CreateUnbounded<AvailabilityStep>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _dropped = new();

    internal ManagedGroup(DeploymentRef deployment, string name, long generation, AvailabilityEngine engine, IReadOnlyDictionary<string, string> vmIds, TimeProvider time)
    {
        Deployment = deployment;
        Name = name;
        Generation = generation;
        Engine = engine;
        VmIds = vmIds;
        _time = time;
    }

    /// <summary>The deployment the group belongs to.</summary>
    public DeploymentRef Deployment { get; }

    /// <summary>The group's name in the scenario.</summary>
    public string Name { get; }

    /// <summary>The qualified name the engine, HA-state keys and services use: <c>tenant.name.group</c>.</summary>
    public string QualifiedName => QualifiedNameOf(Deployment, Name);

    /// <summary>The spec generation the group was built from.</summary>
    public long Generation { get; }

    /// <summary>The group's engine: its <see cref="AvailabilityEngine.Group"/>, transitions and decisions.</summary>
    public AvailabilityEngine Engine { get; }

    /// <summary>Unit name → VM id on its host.</summary>
    public IReadOnlyDictionary<string, string> VmIds { get; }

    /// <summary>The qualified name of <paramref name="group"/> in <paramref name="deployment"/>.</summary>
    public static string QualifiedNameOf(DeploymentRef deployment, string group) => $"{deployment.Id}.{group}";

    internal ChannelReader<AvailabilityStep> Steps => _steps.Reader;

    internal DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>Feeds a failure to the engine and queues what it decided.</summary>
    public EngineOutcome Observe(HealthObservation observation) => Queue(Engine.Observe(observation));

    /// <summary>Starts an administrative switchover of <paramref name="instance"/> (null: the group's first instance).</summary>
    public EngineOutcome RequestSwitchover(string? instance) =>
        Queue(Engine.RequestSwitchover(instance ?? Engine.Group.Instances[0].Name, Now));

    internal EngineOutcome Queue(EngineOutcome outcome)
    {
        foreach (var step in outcome.Steps)
        {
            _steps.Writer.TryWrite(step);
        }

        return outcome;
    }

    /// <summary>Cancelled when the manager stops managing the group (its deployment went or changed).</summary>
    internal CancellationToken Dropped => _dropped.Token;

    internal void Complete()
    {
        _steps.Writer.TryComplete();
        _dropped.Cancel();
    }

    internal EngineOutcome UnitReady(string unit, string host) =>
        Queue(Engine.UnitReady(unit, host, Now, Engine.Group.FindUnit(unit)?.Kind ?? UnitKind.Vm));

    internal EngineOutcome UnitReinstantiated(string unit, string host) => Queue(Engine.UnitReinstantiated(unit, host, Now));

    internal EngineOutcome UnitFenced(string unit) => Queue(Engine.UnitFenced(unit, Now));

    internal EngineOutcome HostFenced(string host) => Queue(Engine.HostFenced(host, Now));

    internal EngineOutcome QuiesceCompleted(string unit, string instance) => Queue(Engine.QuiesceCompleted(unit, instance, Now));

    internal EngineOutcome LockUnit(string unit) => Queue(Engine.LockUnit(unit, Now));

    internal EngineOutcome UnlockUnit(string unit, string host) => Queue(Engine.UnlockUnit(unit, host, Now));

    /// <summary>Carries the group's steps out (set once the manager starts managing it).</summary>
    internal HostRecoveryApplier? Applier { get; set; }
}
