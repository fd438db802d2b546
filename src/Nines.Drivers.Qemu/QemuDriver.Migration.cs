using Nines.Drivers.Errors;
using Nines.Drivers.Migration;
using Nines.Drivers.Qemu.Qmp;

namespace Nines.Drivers.Qemu;

/// <summary>
/// Live migration, pre-copy over TCP. Destination: the same command line plus <c>-incoming defer</c>, then
/// <c>migrate-incoming tcp:ADDR:PORT</c>. Source: auto-converge and the policy's parameters, <c>migrate</c>, then
/// <c>query-migrate</c> polled for progress while the downtime limit rises by the schedule. Any failure or cancel
/// leaves the source running (<c>migrate_cancel</c>, <c>cont</c> when it was stopped).
/// </summary>
internal sealed partial class QemuDriver
{
    private static readonly TimeSpan _livePoll = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan _cancelWait = TimeSpan.FromSeconds(10);

    /// <summary>How long a migrated guest must keep answering on the destination before the migration counts as done.</summary>
    internal TimeSpan ArrivalWatch => _options.MigrationArrivalWatch;

    public async Task<MigrationEndpoint> PrepareIncomingMigrationAsync(string vmId, MigrationEndpoint listen, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(listen);
        _core.Require(DriverCapabilities.LiveMigration, vmId);
        using var lease = await _core.BeginOperationAsync(vmId, cancellationToken).ConfigureAwait(false);
        var vm = lease.Vm;
        lock (_gate)
        {
            vm.CheckAllowed_NeedsLock(VmOperation.PrepareIncoming);
        }

        await LaunchAsync(vm, incoming: true, cancellationToken).ConfigureAwait(false);
        var qmp = vm.Qmp!;
        MigrationEndpoint endpoint;
        try
        {
            await Qmp(vm, () => qmp.MigrateIncomingAsync(listen.Uri, cancellationToken)).ConfigureAwait(false);
            QmpMigrationStatus status = null!;
            await Qmp(vm, async () => status = await qmp.QueryMigrateAsync(cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            endpoint = ListeningEndpoint(vm.Id, listen, status.SocketAddresses);
        }
        catch
        {
            lock (_gate)
            {
                StartMonitor_NeedsLock(vm);
            }

            await ForceStopAsync(vm, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        lock (_gate)
        {
            vm.ResetsSinceIncoming = 0;
            vm.GuestReady = false;
            vm.HeartbeatLost = false;
            vm.LastHeartbeat = null;
            vm.RunningSince = Time.GetUtcNow();
            _core.Enter_NeedsLock(vm, VmState.Incoming, VmEventKind.MigrationIncoming, detail: endpoint.ToString());
            StartMonitor_NeedsLock(vm);
        }

        return endpoint;
    }

    public async Task<MigrationResult> MigrateAsync(string vmId, MigrationEndpoint destination, MigrationPolicy policy, IProgress<MigrationProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(policy);
        _core.Require(DriverCapabilities.LiveMigration, vmId);
        if (policy.Validate() is { Count: > 0 } errors)
        {
            throw new ArgumentException($"migration policy: {string.Join("; ", errors)}", nameof(policy));
        }

        if (destination.Port is < 1 or > 65535)
        {
            throw new ArgumentException($"destination.port: {destination.Port} is not in 1..65535", nameof(destination));
        }

        using var lease = await _core.BeginOperationAsync(vmId, cancellationToken).ConfigureAwait(false);
        var vm = lease.Vm;
        QmpClient qmp;
        lock (_gate)
        {
            vm.CheckAllowed_NeedsLock(VmOperation.Migrate);
            qmp = vm.Qmp!;
            vm.ExpectedBy = VmOperation.Migrate;
        }

        MigrationResult result;
        try
        {
            result = await RunOutgoingAsync(vm, qmp, destination, policy, progress, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await KeepSourceRunningAsync(vm, qmp).ConfigureAwait(false);
            throw;
        }

        lock (_gate)
        {
            vm.ExpectedBy = null;
            _core.Enter_NeedsLock(vm, VmState.Paused, VmEventKind.Migrated, detail: destination.ToString());
        }

        return result;
    }

    public async Task<VmStatus> CompleteIncomingMigrationAsync(string vmId, TimeSpan guestCheckTimeout, CancellationToken cancellationToken)
    {
        _core.Require(DriverCapabilities.LiveMigration, vmId);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(guestCheckTimeout, TimeSpan.Zero);
        using var lease = await _core.BeginOperationAsync(vmId, cancellationToken).ConfigureAwait(false);
        var vm = lease.Vm;
        QmpClient qmp;
        lock (_gate)
        {
            vm.CheckAllowed_NeedsLock(VmOperation.CompleteIncoming);
            qmp = vm.Qmp ?? throw new DriverFailureException(vmId, $"vm \"{vmId}\": the destination QEMU has ended");
        }

        var started = Time.GetTimestamp();
        while (true)
        {
            QmpMigrationStatus status = null!;
            await Qmp(vm, async () => status = await qmp.QueryMigrateAsync(cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            if (status.Status == "completed")
            {
                break;
            }

            if (status.IsFinished)
            {
                throw new DriverFailureException(vmId, $"vm \"{vmId}\": the incoming migration {status.Status}: {status.ErrorDescription}");
            }

            if (Time.GetElapsedTime(started) > guestCheckTimeout)
            {
                throw new DriverTimeoutException(vmId, "the incoming migration to arrive", guestCheckTimeout);
            }

            await Task.Delay(_livePoll, Time, cancellationToken).ConfigureAwait(false);
        }

        QmpStatus run = null!;
        await Qmp(vm, async () => run = await qmp.QueryStatusAsync(cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        if (!run.Running)
        {
            await Qmp(vm, () => qmp.ContinueAsync(cancellationToken)).ConfigureAwait(false);
        }

        await CheckGuestAliveAsync(vm, guestCheckTimeout - Time.GetElapsedTime(started), cancellationToken).ConfigureAwait(false);

        await WatchArrivalAsync(vm, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            var now = Time.GetUtcNow();
            vm.GuestReady = true;
            vm.LastHeartbeat = vm.Definition.GuestAgent ? now : null;
            vm.RunningSince = now;
            _core.Enter_NeedsLock(vm, VmState.Running, VmEventKind.MigrationArrived);
            return vm.ToStatus();
        }
    }

    private async Task<MigrationResult> RunOutgoingAsync(QemuVm vm, QmpClient qmp, MigrationEndpoint destination, MigrationPolicy policy, IProgress<MigrationProgress>? progress, CancellationToken cancellationToken)
    {
        var limit = policy.DowntimeLimitAt(TimeSpan.Zero);
        await Qmp(vm, () => qmp.MigrateSetCapabilitiesAsync(new Dictionary<string, bool> { ["auto-converge"] = policy.AutoConverge }, cancellationToken)).ConfigureAwait(false);
        await Qmp(vm, () => qmp.MigrateSetParametersAsync(
            new QmpMigrationParameters(policy.MaxBandwidthBytesPerSecond, limit, policy.ThrottleInitialPercent, policy.ThrottleIncrementPercent),
            cancellationToken)).ConfigureAwait(false);
        var started = Time.GetTimestamp();
        await Qmp(vm, () => qmp.MigrateAsync(destination.Uri, cancellationToken)).ConfigureAwait(false);
        while (true)
        {
            QmpMigrationStatus status = null!;
            await Qmp(vm, async () => status = await qmp.QueryMigrateAsync(cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            var elapsed = Time.GetElapsedTime(started);
            if (status.Status == "completed")
            {
                status = await SettledFiguresAsync(vm, qmp, status).ConfigureAwait(false);
                var final = Sample(status, elapsed, limit);
                progress?.Report(final);
                return new MigrationResult(
                    TimeSpan.FromMilliseconds(status.TotalTimeMs ?? (long)elapsed.TotalMilliseconds),
                    status.DowntimeMs ?? 0,
                    status.TransferredBytes ?? 0,
                    final);
            }

            if (status.IsFinished)
            {
                throw new DriverFailureException(vm.Id, $"vm \"{vm.Id}\": migration to {destination} {status.Status}: {status.ErrorDescription ?? "no reason given"}; it keeps running here");
            }

            if (elapsed > policy.EffectiveTimeout)
            {
                throw new DriverTimeoutException(vm.Id, $"the live migration to {destination} (cancelled; it keeps running here)", policy.EffectiveTimeout);
            }

            var wanted = policy.DowntimeLimitAt(elapsed);
            if (wanted != limit)
            {
                await Qmp(vm, () => qmp.MigrateSetParametersAsync(new QmpMigrationParameters(DowntimeLimitMilliseconds: wanted), cancellationToken)).ConfigureAwait(false);
                limit = wanted;
            }

            progress?.Report(Sample(status, elapsed, limit));
            await Task.Delay(_livePoll, Time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>At the instant it says completed, <c>query-migrate</c> can still report zeros: ask again until the figures are in.</summary>
    private async Task<QmpMigrationStatus> SettledFiguresAsync(QemuVm vm, QmpClient qmp, QmpMigrationStatus status)
    {
        for (var attempt = 0; attempt < 10 && (status.TotalTimeMs is null or 0 || status.TransferredBytes is null or 0); attempt++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), Time).ConfigureAwait(false);
            var again = status;
            await Qmp(vm, async () => again = await qmp.QueryMigrateAsync(CancellationToken.None).ConfigureAwait(false)).ConfigureAwait(false);
            status = again;
        }

        return status;
    }

    private static MigrationProgress Sample(QmpMigrationStatus status, TimeSpan elapsed, int limit)
    {
        var dirty = (status.DirtyPagesRate ?? 0) * (status.PageSize ?? 4096);
        var bandwidth = (long)((status.Mbps ?? 0) * 1_000_000 / 8);
        var remaining = status.RemainingBytes ?? 0;
        return new MigrationProgress(
            status.Status,
            elapsed,
            status.TransferredBytes ?? 0,
            remaining,
            status.TotalBytes ?? 0,
            dirty,
            bandwidth,
            status.Status == "completed" ? TimeSpan.Zero : MigrationProgress.EstimateEta(remaining, bandwidth, dirty),
            limit,
            (int)(status.ThrottlePercent ?? 0),
            status.DirtySyncCount ?? 0,
            status.Status == "completed" ? status.DowntimeMs : null);
    }

    /// <summary>
    /// After a failed or cancelled migration: stop it if it still runs and make sure the guest executes here again.
    /// A source whose process ended meanwhile is Crashed (the monitor left it to this operation).
    /// </summary>
    private async Task KeepSourceRunningAsync(QemuVm vm, QmpClient qmp)
    {
        var completed = false;
        try
        {
            var status = await qmp.QueryMigrateAsync(CancellationToken.None).ConfigureAwait(false);
            if (!status.IsFinished && status.Status != "none")
            {
                await qmp.MigrateCancelAsync(CancellationToken.None).ConfigureAwait(false);
                var cancelling = Time.GetTimestamp();
                while (!status.IsFinished && Time.GetElapsedTime(cancelling) < _cancelWait)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(20), Time).ConfigureAwait(false);
                    status = await qmp.QueryMigrateAsync(CancellationToken.None).ConfigureAwait(false);
                }
            }

            // Completed despite the error (the caller's progress callback threw): the guest runs on the destination.
            completed = status.Status == "completed";
            if (!completed && !(await qmp.QueryStatusAsync(CancellationToken.None).ConfigureAwait(false)).Running)
            {
                await qmp.ContinueAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is QmpCommandException or QmpConnectionBrokenException or QmpTimeoutException)
        {
            // The process is gone or not answering: the state below says so.
        }

        lock (_gate)
        {
            vm.ExpectedBy = null;
            if (vm.Pid is null && vm.State == VmState.Running)
            {
                _core.Enter_NeedsLock(vm, VmState.Crashed, VmEventKind.Crashed, new VmExitReason(VmExitKind.Killed, "the QEMU process ended during a live migration"));
            }
            else if (completed)
            {
                _core.Enter_NeedsLock(vm, VmState.Paused, VmEventKind.Migrated);
            }
        }
    }

    /// <summary>
    /// A guest whose state did not survive the move can still answer once, then hang, or panic and (panic=-1) reboot at
    /// once, and a fresh boot's agent answers too: so for <see cref="ArrivalWatch"/> after arriving it must keep
    /// answering every ping with no RESET and no process end, while the source still waits to be resumed.
    /// </summary>
    private async Task WatchArrivalAsync(QemuVm vm, CancellationToken cancellationToken)
    {
        var started = Time.GetTimestamp();
        while (true)
        {
            lock (_gate)
            {
                if (vm.ResetsSinceIncoming > 0 || vm.Pid is null)
                {
                    throw new DriverFailureException(vm.Id, $"vm \"{vm.Id}\": the guest reset (or ended) after arriving: its state did not survive the migration; fail back to the source");
                }
            }

            // The destination's console log starts empty at its launch: a kernel fault there is the arrived guest's.
            if (ConsoleFault(vm.Run.ConsoleLog) is { } fault)
            {
                throw new DriverFailureException(vm.Id, $"vm \"{vm.Id}\": the guest's kernel reported \"{fault}\" after arriving: its memory did not survive the migration; fail back to the source");
            }

            if (Time.GetElapsedTime(started) >= ArrivalWatch)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), Time, cancellationToken).ConfigureAwait(false);
            if (vm.Definition.GuestAgent && vm.Agent is { } agent)
            {
                try
                {
                    await agent.PingAsync(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (IsAgentFailure(e))
                {
                    throw new DriverFailureException(vm.Id, $"vm \"{vm.Id}\": the guest stopped answering after arriving ({e.Message}): it did not survive the migration; fail back to the source", e);
                }
            }
        }
    }

    private static readonly string[] _kernelFaults = ["Oops", "BUG: ", "general protection fault", "Kernel panic", "invalid opcode"];

    /// <summary>The first kernel fault line on the console, or null.</summary>
    private static string? ConsoleFault(string consoleLog)
    {
        try
        {
            return File.Exists(consoleLog)
                ? File.ReadLines(consoleLog).FirstOrDefault(line => _kernelFaults.Any(f => line.Contains(f, StringComparison.Ordinal)))?.Trim()
                : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The guest agent must answer within <paramref name="limit"/> (pinged once a second); a guest without one is taken as alive.</summary>
    private async Task CheckGuestAliveAsync(QemuVm vm, TimeSpan limit, CancellationToken cancellationToken)
    {
        if (!vm.Definition.GuestAgent || vm.Agent is not { } agent)
        {
            return;
        }

        var started = Time.GetTimestamp();
        Exception? last = null;
        do
        {
            try
            {
                await agent.PingAsync(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (IsAgentFailure(e))
            {
                last = e;
                await Task.Delay(TimeSpan.FromMilliseconds(100), Time, cancellationToken).ConfigureAwait(false);
            }
        }
        while (Time.GetElapsedTime(started) < limit);

        throw new DriverFailureException(vm.Id, $"vm \"{vm.Id}\": after the migration its guest agent did not answer within {limit.TotalSeconds:0.#} s ({last?.Message}); fail back to the source");
    }

    private static MigrationEndpoint ListeningEndpoint(string vmId, MigrationEndpoint listen, IReadOnlyList<string>? addresses)
    {
        if (listen.Port != 0)
        {
            return listen;
        }

        var port = addresses?.Select(a => a.Split(':')).Where(p => p.Length == 3 && int.TryParse(p[2], out _)).Select(p => int.Parse(p[2], System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault() ?? 0;
        return port > 0 ? listen with { Port = port } : throw new DriverFailureException(vmId, $"vm \"{vmId}\": QEMU did not say which port it listens on for the migration");
    }
}
