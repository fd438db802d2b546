using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nines.Contracts.Errors;
using Nines.Store;

namespace Nines.Agent.Guard;

/// <summary>
/// A host's fence guard (<c>nines agent-guard</c>): a small process apart from the agent that keeps the VMs of its host
/// on at most one host whichever of the two dies or hangs. It renews the agent's registration lease too (so a dead
/// agent does not make the controller restart the VMs elsewhere), restarts a dead agent and replaces a hung one (the
/// new agent re-attaches to the running VMs), kills every VM process of the host before the lease can expire when
/// the store is unreachable, and kills them before it lets the lease go when no working agent comes back. Decisions
/// are <see cref="FenceGuardPolicy"/>'s; this class observes (<c>/proc</c>, the link file, the health socket, the
/// store) and applies them.
/// </summary>
public sealed partial class FenceGuard
{
    /// <summary>The guard's record in the data directory (its pid), so the agent and <c>nines testbed down</c> find it.</summary>
    public const string InfoFileName = "guard.pid";

    private const string LockFileName = "guard.lock";

    private readonly IStateStore _store;
    private readonly string _data;
    private readonly string _host;
    private readonly FenceGuardOptions _options;
    private readonly Func<FenceGuardLink, int> _startAgent;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly FenceGuardPolicy _policy;
    private readonly Lock _gate = new();
    private readonly long _started;
    private FenceGuardLink? _link;
    private int? _agentPid;
    private long? _agentStart;
    private volatile bool _healthy;
    private volatile bool _renew = true;
    private bool _wasFenced;
    private long? _renewedLease;
    private TimeSpan _renewSentAt;

    /// <param name="store">The cluster's store (the lease is renewed there).</param>
    /// <param name="dataDirectory">The agent's data directory (link file, health socket, VM run directories).</param>
    /// <param name="host">The host name (for the log).</param>
    /// <param name="options">Timings.</param>
    /// <param name="startAgent">Starts the agent again from the link (its <see cref="FenceGuardLink.AgentCommand"/>); returns its pid.</param>
    /// <param name="time">The clock.</param>
    /// <param name="logger">Where every decision is logged; null for none.</param>
    public FenceGuard(
        IStateStore store, string dataDirectory, string host, FenceGuardOptions options, Func<FenceGuardLink, int> startAgent, TimeProvider time, ILogger? logger = null)
    {
        _store = store;
        _data = Path.GetFullPath(dataDirectory);
        _host = host;
        _options = options;
        _startAgent = startAgent;
        _time = time;
        _log = logger ?? NullLogger.Instance;
        _policy = new FenceGuardPolicy(options);
        _started = time.GetTimestamp();
    }

    /// <summary>The pid recorded by the guard of <paramref name="dataDirectory"/>, when that process still runs.</summary>
    public static int? RunningIn(string dataDirectory)
    {
        try
        {
            return int.TryParse(File.ReadAllText(Path.Combine(dataDirectory, InfoFileName)).Trim(), out var pid) && ProcessProbe.IsAlive(pid)
                && File.ReadAllText($"/proc/{pid}/cmdline").Contains("agent-guard", StringComparison.Ordinal)
                ? pid
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Guards until <paramref name="cancellationToken"/> fires (a stop on purpose: nothing is fenced, the agent keeps
    /// the lease). Throws <see cref="IOException"/> when another guard already guards this directory.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var lockPath = Path.Combine(_data, LockFileName);
        FileStream exclusive;
        try
        {
            exclusive = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new IOException($"another fence guard already guards {_data}", e);
        }

        await using (exclusive.ConfigureAwait(false))
        {
            var info = Path.Combine(_data, InfoFileName);
            await File.WriteAllTextAsync(info, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
            LogStarted(_host, _data, Environment.ProcessId);
            try
            {
                await Task.WhenAll(
                    Task.Run(() => LoopAsync(TickAsync, _options.TickInterval, cancellationToken), CancellationToken.None),
                    Task.Run(() => LoopAsync(RenewAsync, _options.TickInterval, cancellationToken), CancellationToken.None),
                    Task.Run(() => LoopAsync(ProbeAsync, _options.HealthInterval, cancellationToken), CancellationToken.None)).ConfigureAwait(false);
            }
            finally
            {
                File.Delete(info);
                LogStopped(_host);
            }
        }
    }

    private async Task LoopAsync(Func<CancellationToken, Task> step, TimeSpan interval, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await step(cancellationToken).ConfigureAwait(false);
                await Task.Delay(interval, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // One failed look never ends the guard: the next tick looks again.
                LogStepFailed(_host, step.Method.Name, e.Message);
                await Task.Delay(interval, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private TimeSpan Now => _time.GetElapsedTime(_started);

    private Task TickAsync(CancellationToken cancellationToken)
    {
        var link = FenceGuardLink.TryRead(_data);
        GuardDecision decision;
        lock (_gate)
        {
            if (link is not null && link.AgentPid != _link?.AgentPid)
            {
                Follow(link.AgentPid); // the agent (a new one, perhaps) registered
            }

            _link = link ?? _link;
            var alive = _agentPid is { } pid && ProcessProbe.IsAlive(pid) && ProcessProbe.StartTicks(pid) == _agentStart;
            decision = _policy.Decide(new GuardObservation(
                Now, _link?.Lease, _link?.LeaseTtl ?? TimeSpan.Zero, _link?.FenceMargin ?? TimeSpan.Zero, _agentPid, alive, alive && _healthy));
            _renew = decision.RenewLease;
        }

        Apply(decision, cancellationToken);
        return Task.CompletedTask;
    }

    private void Apply(GuardDecision decision, CancellationToken cancellationToken)
    {
        if (decision.Reason is { } reason)
        {
            LogDecision(_host, reason);
        }

        if (decision.FenceVms)
        {
            foreach (var killed in HostVmProcesses.KillAll(_data))
            {
                LogVmKilled(_host, killed.VmId, killed.Pid);
            }

            if (!_wasFenced)
            {
                LogFenced(_host);
            }
        }

        _wasFenced = decision.FenceVms;
        if (decision.KillAgent && _agentPid is { } hung)
        {
            ProcessProbe.Kill(hung);
            LogAgentKilled(_host, hung);
        }

        // A guard asked to stop never starts an agent again (nines testbed down stops the guard, then the agent).
        if (decision.RestartAgent && !cancellationToken.IsCancellationRequested && _link is { AgentCommand.Count: > 0 } link)
        {
            var pid = _startAgent(link);
            lock (_gate)
            {
                Follow(pid);
            }

            LogAgentStarted(_host, pid);
        }
    }

    private void Follow(int pid)
    {
        _agentPid = pid;
        _agentStart = ProcessProbe.StartTicks(pid);
        _healthy = false;
    }

    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        long lease;
        lock (_gate)
        {
            if (!_renew || _link is null)
            {
                return;
            }

            lease = _link.Lease;
        }

        // Every RenewInterval, and at once for a new registration (a fenced host is let go only once it is confirmed).
        if (lease == _renewedLease && Now - _renewSentAt < _options.RenewInterval)
        {
            return;
        }

        _renewedLease = lease;
        _renewSentAt = Now;
        var sentStamp = _time.GetTimestamp();
        var sentAt = Now;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.RenewInterval);
        try
        {
            await _store.KeepAliveAsync(lease, deadline.Token).ConfigureAwait(false);
            lock (_gate)
            {
                _policy.OnRenewed(lease, sentAt);
            }

            FenceGuardLink.WriteRenewal(_data, lease, sentStamp);
        }
        catch (LeaseNotFoundException)
        {
            lock (_gate)
            {
                _policy.OnLeaseGone(lease, Now);
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && (e is OperationCanceledException || ReconcileErrors.IsTransient(e)))
        {
            LogRenewFailed(_host, lease, e.Message);
        }
    }

    private async Task ProbeAsync(CancellationToken cancellationToken)
    {
        var socket = _link?.HealthSocket ?? FenceGuardLink.HealthSocketIn(_data);
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var unix = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await unix.ConnectAsync(new UnixDomainSocketEndPoint(socket), ct).ConfigureAwait(false);
                    return new NetworkStream(unix, ownsSocket: true);
                }
                catch
                {
                    unix.Dispose();
                    throw;
                }
            },
        };
        using var http = new HttpClient(handler) { Timeout = _options.HealthInterval * 2 };
        try
        {
            using var response = await http.GetAsync(new Uri("http://agent/agent/v1/health"), cancellationToken).ConfigureAwait(false);
            _healthy = response.IsSuccessStatusCode;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is HttpRequestException or OperationCanceledException or IOException or SocketException)
        {
            _healthy = false;
        }
    }
}
