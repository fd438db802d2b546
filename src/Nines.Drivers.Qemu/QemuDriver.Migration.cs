using Nines.Drivers.Errors;
using Nines.Drivers.Migration;
using Nines.Drivers.Qemu.Qmp;

namespace Nines.Drivers.Qemu;

/// <summary>
/// Live migration, pre-copy over TCP, the source side (the destination: <c>QemuDriver.MigrationIncoming.cs</c>).
/// Source: auto-converge and the policy's parameters, <c>migrate</c>, then
/// <c>query-migrate</c> polled for progress while the downtime limit rises by the schedule. Any failure or cancel
/// leaves the source running (<c>migrate_cancel</c>, <c>cont</c> when it was stopped).
/// </summary>
internal sealed partial class QemuDriver
{
    private static readonly TimeSpan _livePoll = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan _cancelWait = TimeSpan.FromSeconds(10);

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
}
