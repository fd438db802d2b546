using Microsoft.Extensions.Logging;

namespace Nines.Agent.Hosting;

/// <summary>
/// The switch watchdog: the host's Open vSwitch daemons killed (or crashed) are started again from their database
/// (bridges and ports kept), and every deployment's network plan is applied again at its next pass, so the VMs, which
/// keep running, get their network back.
/// </summary>
public sealed partial class AgentHost
{
    private Task _switchWatch = Task.CompletedTask;

    /// <summary>How often the agent checks its Open vSwitch daemons (default 1 s).</summary>
    private static readonly TimeSpan _switchWatchInterval = TimeSpan.FromSeconds(1);

    /// <summary>How many times the switch was restarted since the agent started.</summary>
    public int SwitchRestarts { get; private set; }

    private void StartSwitchWatch()
    {
        if (_runtime?.Ovs is null)
        {
            return;
        }

        _switchWatch = Task.Run(() => WatchSwitchAsync(_stop.Token), CancellationToken.None);
    }

    private async Task WatchSwitchAsync(CancellationToken cancellationToken)
    {
        var ovs = _runtime!.Ovs!;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_switchWatchInterval, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
                if (await ovs.EnsureRunningAsync(cancellationToken).ConfigureAwait(false))
                {
                    SwitchRestarts++;
                    await Agent.ForgetAppliedNetworksAsync(cancellationToken).ConfigureAwait(false);
                    LogSwitchRestarted(HostName, ovs.RunDirectory);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is IOException or Networking.Commands.NetworkCommandException or InvalidOperationException)
            {
                LogSwitchRestartFailed(HostName, e.Message);
            }
        }
    }

    [LoggerMessage(EventId = 1720, Level = LogLevel.Warning, Message = "host {Host}: Open vSwitch in {RunDirectory} was gone: started again; networks are applied again at the next pass")]
    private partial void LogSwitchRestarted(string host, string runDirectory);

    [LoggerMessage(EventId = 1721, Level = LogLevel.Error, Message = "host {Host}: restarting Open vSwitch failed (tried again in a second): {Message}")]
    private partial void LogSwitchRestartFailed(string host, string message);
}
