using Nines.Drivers.Errors;

namespace Nines.Agent.Convergence;

/// <summary>
/// Starts and guest configurations that outlive the pass that began them. The QEMU driver holds a start until one of
/// its boot slots is free (at most a few guests boot at once), so a pass that waited for every start would block until
/// all but the last guests were ready and report nothing meanwhile. Instead a pass begins the action, keeps it here
/// when it has not finished, and reports the VM as it is now (defined, booting, configuring); a later pass collects the
/// result. An action that finishes at once (the fake driver, a guest with nothing to configure) is collected in the
/// same pass. Only passes (under the gate) touch this table.
/// </summary>
public sealed partial class LocalHostAgent : IAsyncDisposable
{
    private readonly Dictionary<string, PendingVmAction> _pending = new(StringComparer.Ordinal);

    private enum VmActionKind
    {
        Start,
        Configure,
    }

    /// <summary>Gives up every unfinished start and configuration (at shutdown: a later process re-attaches and converges).</summary>
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            foreach (var vmId in _pending.Keys.ToList())
            {
                await CancelPendingAsync(vmId).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> (its result: an error message, or null); <c>Deferred</c> when it has not finished,
    /// in which case it stays pending for a later pass.
    /// </summary>
    private async Task<(bool Deferred, string? Error)> RunOrDeferAsync(string vmId, VmActionKind kind, DateTimeOffset boot, Func<CancellationToken, Task<string?>> work)
    {
        var cancel = new CancellationTokenSource();
        var action = new PendingVmAction(kind, work(cancel.Token), cancel, boot);
        if (!action.Work.IsCompleted)
        {
            _pending[vmId] = action;
            return (true, null);
        }

        return (false, await FinishAsync(vmId, action).ConfigureAwait(false));
    }

    /// <summary>Collects a finished action: its error, or null (a configuration done for its boot is recorded).</summary>
    private async Task<string?> FinishAsync(string vmId, PendingVmAction action)
    {
        _pending.Remove(vmId);
        action.Cancel.Dispose();
        var error = await action.Work.ConfigureAwait(false);
        if (error is null && action.Kind == VmActionKind.Configure)
        {
            _configured[vmId] = action.Boot;
            LogGuestConfigured(HostName, vmId);
        }

        return error;
    }

    /// <summary>Gives up the VM's unfinished action, if any, and waits for it to stop (before the VM is destroyed or operated).</summary>
    private async Task CancelPendingAsync(string vmId)
    {
        if (!_pending.Remove(vmId, out var action))
        {
            return;
        }

        await action.Cancel.CancelAsync().ConfigureAwait(false);
        try
        {
            await action.Work.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Given up, as asked.
        }
        finally
        {
            action.Cancel.Dispose();
        }
    }

    private async Task<string?> StartGuestAsync(string vmId, CancellationToken cancellationToken)
    {
        try
        {
            await _driver.StartAsync(vmId, cancellationToken).ConfigureAwait(false);
            LogVmStarted(HostName, vmId);
            return null;
        }
        catch (VmDriverException e)
        {
            return e.Message;
        }
    }

    /// <param name="Boot">For a configuration: the boot (status Since) it configures.</param>
    private sealed record PendingVmAction(VmActionKind Kind, Task<string?> Work, CancellationTokenSource Cancel, DateTimeOffset Boot);
}
