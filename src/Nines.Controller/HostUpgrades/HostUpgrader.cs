using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nines.Contracts.Agents;
using Nines.Contracts.Model;
using Nines.Contracts.Repositories;
using Nines.Controller.LiveMigration;
using Nines.Controller.Repositories;

namespace Nines.Controller.HostUpgrades;

/// <summary>
/// Upgrades the hypervisor layer of hosts, at most <see cref="HostUpgradeRequest.MaxUnavailable"/> at a time: each host
/// is drained (its VMs moved live where they can, service units switched over first: <see cref="HostDrainer"/>), its
/// agent runs the administrator's hook (<see cref="IHostHooks"/>: upgrade QEMU, replace the agent itself), the agent is
/// waited for until it is registered again with the versions it probed after the hook, and the host is undrained.
/// The first failure stops the upgrade: no further host starts, the failed host stays drained (nothing is scheduled onto
/// a hypervisor that failed its upgrade) and the operation ends FAILED naming the host and the reason.
/// </summary>
/// <remarks>
/// The upgrade is an operation of no tenant (<see cref="Tenant"/>), so only administrators see it. It is written at
/// every step and at least every <see cref="HeartbeatInterval"/>; one nobody has written for <see cref="AbandonedAfter"/>
/// (its controller stopped) is failed by <see cref="FailAbandonedAsync"/>.
/// </remarks>
public sealed partial class HostUpgrader : IAsyncDisposable
{
    /// <summary>The tenant of host-upgrade operations: not a valid tenant name, so no tenant's caller ever sees one.</summary>
    public const string Tenant = "_hosts";

    /// <summary>How often a running upgrade writes its operation even when nothing changed.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(10);

    /// <summary>An unfinished upgrade not written for this long has lost its controller.</summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromSeconds(60);

    private const int MaxHosts = 256;

    private readonly HostRepository _hosts;
    private readonly HostDrainer _drainer;
    private readonly OperationRepository _operations;
    private readonly IHostAgentDirectory _agents;
    private readonly HostUpgraderOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _write = new(1, 1);
    private readonly Lock _gate = new();
    private Operation? _current;
    private Task _run = Task.CompletedTask;

    public HostUpgrader(HostRepository hosts, HostDrainer drainer, OperationRepository operations, IHostAgentDirectory agents, TimeProvider time, HostUpgraderOptions? options = null, ILogger<HostUpgrader>? logger = null)
    {
        _hosts = hosts;
        _drainer = drainer;
        _operations = operations;
        _agents = agents;
        _time = time;
        _options = options ?? new HostUpgraderOptions();
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>
    /// Checks <paramref name="request"/> against the registered hosts and starts the upgrade; the operation, or every
    /// problem found (field, message) and no operation.
    /// </summary>
    public async Task<(Operation? Operation, IReadOnlyList<(string Field, string Message)> Problems)> StartAsync(HostUpgradeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = await CheckAsync(request, cancellationToken).ConfigureAwait(false);
        if (problems.Count > 0)
        {
            return (null, problems);
        }

        var now = _time.GetUtcNow();
        var timeout = request.HookTimeout ?? HostUpgradeRequest.DefaultHookTimeout;
        var record = new HostUpgradeRecord(request.Hook, request.MaxUnavailable, timeout.TotalSeconds, [.. request.Hosts.Select(h => new HostUpgradeStep(h, "pending", 0))]);
        var operation = new Operation(
            $"op-{RandomNumberGenerator.GetHexString(16, lowercase: true)}", OperationKind.HostUpgrade, Tenant, "hosts", 0,
            OperationState.PROCESSING, new Dictionary<string, VmProgress>(StringComparer.Ordinal), null, now, now, null, HostUpgrade: record);
        lock (_gate)
        {
            if (_current is { IsFinished: false } running)
            {
                return (null, [("hosts", $"host upgrade {running.Id} is in progress (nines operations {running.Id})")]);
            }

            _current = operation;
        }

        try
        {
            await _operations.PutAsync(operation, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Not written, not started: the next request must not be refused as if it ran.
            lock (_gate)
            {
                _current = null;
            }

            throw;
        }

        LogStarted(operation.Id, string.Join(", ", request.Hosts), request.MaxUnavailable);
        lock (_gate)
        {
            _run = Task.Run(() => RunAsync(operation.Id, request with { HookTimeout = timeout }, _stopping.Token), CancellationToken.None);
        }

        return (operation, []);
    }

    /// <summary>Fails every unfinished upgrade this controller does not run and nobody wrote for <see cref="AbandonedAfter"/>; how many.</summary>
    public async Task<int> FailAbandonedAsync(CancellationToken cancellationToken)
    {
        string? own;
        lock (_gate)
        {
            own = _current is { IsFinished: false } running ? running.Id : null;
        }

        var now = _time.GetUtcNow();
        var failed = 0;
        foreach (var operation in await _operations.ListAsync(Tenant, cancellationToken).ConfigureAwait(false))
        {
            if (operation.Kind != OperationKind.HostUpgrade || operation.IsFinished || operation.Id == own || now - operation.UpdatedAt < AbandonedAfter)
            {
                continue;
            }

            var drained = operation.HostUpgrade?.Hosts.Where(h => h.Step is not ("pending" or "done")).Select(h => h.Host).ToList() ?? [];
            var error = $"abandoned: its controller stopped writing it at {operation.UpdatedAt:u}" +
                (drained.Count > 0 ? $"; host(s) {string.Join(", ", drained)} may still be drained (nines host undrain HOST)" : string.Empty);
            await _operations.PutAsync(operation with { State = OperationState.FAILED, Error = error, UpdatedAt = now, FinishedAt = now }, cancellationToken).ConfigureAwait(false);
            LogAbandoned(operation.Id, error);
            failed++;
        }

        return failed;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        Task run;
        lock (_gate)
        {
            run = _run;
        }

        await run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
        _write.Dispose();
    }

    private async Task<List<(string Field, string Message)>> CheckAsync(HostUpgradeRequest request, CancellationToken cancellationToken)
    {
        var problems = new List<(string Field, string Message)>();
        var registered = (await _hosts.ListAsync(cancellationToken).ConfigureAwait(false)).Select(h => h.Name).ToHashSet(StringComparer.Ordinal);
        var drained = (await _hosts.ListDrainedAsync(cancellationToken).ConfigureAwait(false)).Select(d => d.Host).ToHashSet(StringComparer.Ordinal);
        var hosts = request.Hosts ?? [];
        if (hosts.Count is 0 or > MaxHosts)
        {
            problems.Add(("hosts", $"name 1 to {MaxHosts} hosts"));
        }

        foreach (var duplicate in hosts.GroupBy(h => h, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add(("hosts", $"host \"{duplicate.Key}\" is named {duplicate.Count()} times"));
        }

        foreach (var unknown in hosts.Distinct(StringComparer.Ordinal).Where(h => !registered.Contains(h)))
        {
            problems.Add(("hosts", $"host \"{unknown}\" is not registered (expected one of {string.Join(", ", registered.Order(StringComparer.Ordinal))})"));
        }

        var timeout = request.HookTimeout ?? HostUpgradeRequest.DefaultHookTimeout;
        foreach (var (field, message) in new HostHookRequest("check", request.Hook!, timeout).Problems())
        {
            problems.Add((field == "command" ? "hook" : "hookTimeoutSeconds", message));
        }

        var schedulable = registered.Count(h => !drained.Contains(h));
        if (request.MaxUnavailable < 1 || request.MaxUnavailable >= schedulable)
        {
            problems.Add(("maxUnavailable", $"{request.MaxUnavailable} must be at least 1 and below the {schedulable} schedulable host(s): the others take the drained hosts' VMs"));
        }

        if (request.MaxConcurrentMoves is < 1 or > 16)
        {
            problems.Add(("maxConcurrentMoves", $"{request.MaxConcurrentMoves} is not in 1..16"));
        }

        var unfinished = (await _operations.ListAsync(Tenant, cancellationToken).ConfigureAwait(false)).FirstOrDefault(o => o.Kind == OperationKind.HostUpgrade && !o.IsFinished);
        if (unfinished is not null)
        {
            problems.Add(("hosts", $"host upgrade {unfinished.Id} is in progress (nines operations {unfinished.Id})"));
        }

        return problems;
    }
}
