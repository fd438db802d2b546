using Nines.Contracts.Model;

namespace Nines.Api.Contracts;

/// <summary>A deploy, undeploy or exec was accepted: follow <paramref name="OperationId"/> (also the <c>Location</c>).</summary>
public sealed record OperationAccepted(string Tenant, string Deployment, long Generation, string OperationId, IReadOnlyList<string> Warnings);

/// <summary>One deployment: what was asked (spec) and what the controller last observed (status).</summary>
/// <param name="Placements">VM → host of the committed plan (empty until planned).</param>
public sealed record DeploymentView(
    string Tenant,
    string Name,
    string Scenario,
    long Generation,
    bool Deleted,
    string? Algorithm,
    IReadOnlyDictionary<string, string> Placements,
    string? OperationId,
    DeploymentStatus? Status);

/// <summary>One VM of a deployment.</summary>
/// <param name="Id">The VM's id on its host (<c>tenant.deployment.vm</c>).</param>
/// <param name="State">The driver's state (<c>Running</c>, <c>Paused</c>…), or null when it does not exist (yet).</param>
public sealed record VmView(
    string Tenant,
    string Deployment,
    string Name,
    string Id,
    string? Host,
    string? State,
    bool GuestReady,
    bool Configured,
    string? LastError);

/// <summary>A page of events and the store revision to follow from (<c>GET /v1/events/follow?revision=</c>).</summary>
public sealed record EventPage(IReadOnlyList<EventRecord> Events, long Revision);

/// <summary>A fresh KPI sample of one VM (values the driver cannot measure are null).</summary>
public sealed record VmKpisView(
    string Vm,
    string State,
    DateTimeOffset SampledAt,
    TimeSpan Uptime,
    int Vcpus,
    double? HostCpuPercent,
    long? RssBytes,
    long? GuestMemoryBytes,
    long? GuestFreeBytes,
    IReadOnlyList<DiskKpisView> Disks,
    IReadOnlyList<NicKpisView> Nics,
    TimeSpan? HeartbeatAge);

/// <summary>Cumulative counters of one virtual disk.</summary>
public sealed record DiskKpisView(string Device, long ReadBytes, long WrittenBytes, long ReadOperations, long WriteOperations);

/// <summary>Cumulative counters of one NIC (received = into the guest).</summary>
public sealed record NicKpisView(int NicId, long ReceivedBytes, long TransmittedBytes, long ReceivedPackets, long TransmittedPackets);

/// <summary>How a guest command ended: a non-zero <paramref name="ExitCode"/> is a result, not an API error.</summary>
public sealed record VmExecResult(int ExitCode, string Stdout, string Stderr);

/// <summary>
/// The answer of <c>GET /v1/health</c>: the controller answers, which version it runs, and its long-running loops.
/// The status is <c>ok</c>, or <c>degraded</c> while a loop is restarting or has failed.
/// </summary>
public sealed record HealthView(string Status, string Version)
{
    /// <summary>Every supervised loop of the controller process (empty when the host registers none).</summary>
    public IReadOnlyList<LoopHealthView> Loops { get; init; } = [];
}

/// <summary>
/// One supervised loop: its name, state (<c>running</c>, <c>restarting</c>, <c>stopped</c>, <c>failed</c>), restarts so far,
/// the kind of its last failure (the exception type, or <c>exited</c>; never a message, which could name a tenant's
/// deployment) and when, and since when it is in its state.
/// </summary>
public sealed record LoopHealthView(string Name, string State, int Restarts, string? LastError, DateTimeOffset? LastErrorAt, DateTimeOffset Since);

/// <summary>A live migration accepted: follow <see cref="OperationId"/> (its <c>migration</c> member has the progress).</summary>
public sealed record MigrationAccepted(string Tenant, string Deployment, string Vm, string From, string To, string OperationId);
