using Nines.Drivers.Errors;
using Nines.Drivers.Migration;
using Nines.Drivers.Qemu.Qmp;

namespace Nines.Drivers.Qemu;

/// <summary>
/// Live migration, the destination side: the same command line plus <c>-incoming defer</c>, then
/// <c>migrate-incoming tcp:ADDR:PORT</c>; once the source has completed, the guest must arrive, answer its agent and
/// keep answering for <see cref="ArrivalWatch"/> before the VM counts as Running here.
/// </summary>
internal sealed partial class QemuDriver
{
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
