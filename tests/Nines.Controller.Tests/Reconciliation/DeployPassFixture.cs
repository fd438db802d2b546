using Nines.Contracts.Agents;
using Nines.Contracts.Model;
using Nines.Controller.Reconciliation;
using Nines.Controller.Repositories;
using Nines.Drivers;
using Nines.Drivers.Mapping;
using Nines.Scenarios;
using Nines.Testing;

namespace Nines.Controller.Tests.Reconciliation;

/// <summary>Inputs for <see cref="DeployPass.Compute"/>: a three-VM scenario (b and c in a 2N group), hosts, a fake clock.</summary>
internal static class DeployPassFixture
{
    public const string Yaml = """
        nines: 1
        name: lab
        networks:
          - name: n0
        vms:
          - name: a
            interfaces:
              - {id: 0, network: n0, ipv4: [10.9.0.1/24]}
          - name: b
            interfaces:
              - {id: 0, network: n0, ipv4: [10.9.0.2/24]}
          - name: c
            interfaces:
              - {id: 0, network: n0, ipv4: [10.9.0.3/24]}
        redundancy_groups:
          - {name: svc, model: 2N, members: [b, c]}
        """;

    public static readonly DeploymentRef Lab = new("acme", "lab");

    public static DeployPass Pass { get; } = new(new ReconcilerOptions(new VmMappingOptions("/guest/vmlinux", "/guest/initrd.cpio", _ => false)));

    /// <summary>A fake clock at a fixed start; tests advance it.</summary>
    public static FakeTimeProvider Clock() => new(new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero));

    public static Dictionary<string, string> Placed(string a, string b, string c) =>
        new(StringComparer.Ordinal) { ["a"] = a, ["b"] = b, ["c"] = c };

    /// <summary>The deployment at generation 1 with <paramref name="placements"/> committed (none: not planned yet).</summary>
    public static StoredDeployment Stored(
        IReadOnlyDictionary<string, string>? placements = null,
        long revision = 10,
        IReadOnlyDictionary<string, PlannedMigration>? migrations = null,
        bool deleted = false,
        string yaml = Yaml,
        string? restrictions = null)
    {
        var plan = placements is null ? null : new CommittedPlan(1, "balanced", placements, new Dictionary<string, int>(), ["mapping: a warning"], DateTimeOffset.UnixEpoch, migrations);
        var parsed = ScenarioReader.Read(yaml, "lab.yaml");
        return new StoredDeployment(new DeploymentSpec("acme", "lab", yaml, null, restrictions, plan, 1, deleted), revision, parsed.Value, parsed.Diagnostics);
    }

    public static Operation Deploying(DateTimeOffset at) =>
        new("op-1", OperationKind.Deploy, "acme", "lab", 1, OperationState.PROCESSING, new Dictionary<string, VmProgress>(), null, at, at, null);

    public static DeployDesired Desired(StoredDeployment? stored, Operation? operation) => new(Lab, stored, operation);

    public static HostRecord Host(string name) => new(name, $"local:{name}", 8192, null, 0, 0, DateTimeOffset.UnixEpoch);

    public static DeployObserved Observed(params string[] hosts) => Observed(hosts, status: null);

    public static DeployObserved Observed(
        IEnumerable<string> hosts,
        DeploymentStatus? status,
        IEnumerable<string>? drained = null,
        IEnumerable<HostFailure>? failures = null,
        IReadOnlyDictionary<string, HostFencingContract>? contracts = null,
        IReadOnlyDictionary<string, DateTimeOffset>? lastSeen = null) =>
        new(
            [.. hosts.Select(Host)],
            (drained ?? []).ToHashSet(StringComparer.Ordinal),
            status,
            (failures ?? []).ToDictionary(f => HostFailure.Key(f.Host), StringComparer.Ordinal),
            contracts ?? new Dictionary<string, HostFencingContract>(),
            lastSeen ?? new Dictionary<string, DateTimeOffset>());

    /// <summary>A status recording <paramref name="vms"/> (VM → host, state) as a previous pass wrote it.</summary>
    public static DeploymentStatus Recorded(DeploymentPhase phase, params (string Vm, string Host, VmPhase State)[] vms) =>
        new(phase, vms.ToDictionary(v => v.Vm, v => new VmSummary(v.Host, v.State, v.State == VmPhase.Running, v.State == VmPhase.Running, null), StringComparer.Ordinal), [], 1, "op-1", DateTimeOffset.UnixEpoch);

    /// <summary>The same observations after the pass's converge calls, answered by <paramref name="reports"/>.</summary>
    public static DeployObserved Answered(DeployObserved observed, StoredDeployment stored, params HostReport[] reports) =>
        observed with { Converged = new ConvergeReport(reports, stored.ModRevision, new HashSet<string>(StringComparer.Ordinal)) };

    public static HostReport Report(string host, params VmObservation[] vms) => new(host, new HostDeploymentObservation("acme.lab", host, vms));

    public static VmObservation Ready(string vm) => new(vm, "acme.lab." + vm, VmState.Running, true, true);

    public static VmObservation Booting(string vm) => new(vm, "acme.lab." + vm, VmState.Running, false, false);

    public static VmObservation Crashed(string vm) => new(vm, "acme.lab." + vm, VmState.Crashed, false, false, "vm is crashed: killed");

    public static T Single<T>(this DeployActions actions)
        where T : DeployAction => actions.Steps.OfType<T>().ShouldHaveSingleItem();

    public static IEnumerable<string> Kinds(this DeployActions actions) => actions.Steps.OfType<EmitEvent>().Select(e => e.Event.Kind);
}
