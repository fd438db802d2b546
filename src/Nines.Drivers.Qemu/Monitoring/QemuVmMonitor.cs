using Nines.Drivers.Qemu.Qmp;

namespace Nines.Drivers.Qemu.Monitoring;

/// <summary>
/// Watches one running QEMU: a loop that hands every QMP event to the driver and reports the end of the
/// connection (QEMU exiting closes it — the crash detector), and a heartbeat loop that first watches the boot
/// closely (see <see cref="QemuDriver.WatchBootAsync"/>) and then pings the guest agent every period. Stopping the monitor (driver disposed) is not a process end.
/// </summary>
internal sealed class QemuVmMonitor(QemuDriver driver, QemuVm vm, QmpClient qmp, TimeSpan heartbeatPeriod, TimeProvider time)
{
    private readonly CancellationTokenSource _stop = new();
    private Task _events = Task.CompletedTask;
    private Task _heartbeat = Task.CompletedTask;

    public void Start()
    {
        _events = Task.Run(EventLoopAsync, CancellationToken.None);
        _heartbeat = Task.Run(HeartbeatLoopAsync, CancellationToken.None);
    }

    /// <summary>Stops both loops without reporting anything.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_events, _heartbeat).ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task EventLoopAsync()
    {
        try
        {
            await foreach (var qmpEvent in qmp.Events.ReadAllAsync(_stop.Token).ConfigureAwait(false))
            {
                driver.OnQmpEvent(vm, qmpEvent);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            return;
        }

        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            await driver.OnConnectionEndedAsync(vm, qmp).ConfigureAwait(false);
        }
    }

    private async Task HeartbeatLoopAsync()
    {
        using var timer = new PeriodicTimer(heartbeatPeriod, time);
        try
        {
            await driver.WatchBootAsync(vm, _stop.Token).ConfigureAwait(false);
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                await driver.HeartbeatAsync(vm, _stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Stopped: the process ended or the driver let go.
        }
    }
}
