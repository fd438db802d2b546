using Microsoft.Extensions.Logging;

namespace Nines.Controller.AvailabilityShell;

/// <summary>The monitor's log (category <c>Nines.Controller.AvailabilityShell.ClusterHostEvents</c>): registry reads and host links that failed.</summary>
public sealed partial class ClusterHostEvents
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Reading the host registry failed; reading it again in {IntervalMilliseconds} ms")]
    private partial void LogRegistryReadFailed(Exception exception, double intervalMilliseconds);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "The VM event stream of host {Host} broke ({Reason}); subscribing again in {DelayMilliseconds} ms")]
    private partial void LogSubscriptionBroke(string host, string reason, double delayMilliseconds);
}
