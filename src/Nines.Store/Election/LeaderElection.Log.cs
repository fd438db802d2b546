using Microsoft.Extensions.Logging;

namespace Nines.Store.Election;

/// <summary>The contender's log: its terms (elected, lost, resigned) and the store failures behind them.</summary>
public sealed partial class LeaderElection
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Election {Election}: {Candidate} elected leader (lease {Lease}, TTL {TtlMilliseconds} ms)")]
    private partial void LogElected(string election, string candidate, long lease, double ttlMilliseconds);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Election {Election}: {Candidate} lost the leadership (lease {Lease}): {Reason}")]
    private partial void LogLost(string election, string candidate, long lease, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Election {Election}: {Candidate} resigned (lease {Lease} revoked)")]
    private partial void LogResigned(string election, string candidate, long lease);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Election {Election}: {Candidate} could not renew lease {Lease}; {LeftMilliseconds} ms left before it steps down")]
    private partial void LogKeepAliveFailed(Exception exception, string election, string candidate, long lease, double leftMilliseconds);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Election {Election}: {Candidate} lost lease {Lease} (the store no longer knows it)")]
    private partial void LogLeaseGone(string election, string candidate, long lease);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Election {Election}: {Candidate}'s campaign failed on a store error; retrying in {RetryMilliseconds} ms")]
    private partial void LogCampaignFailed(Exception exception, string election, string candidate, double retryMilliseconds);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "Election {Election}: {Candidate} is standby, the leader is {Leader}")]
    private partial void LogLeaderSeen(string election, string candidate, string leader);

    [LoggerMessage(EventId = 8, Level = LogLevel.Debug, Message = "Election {Election}: {Candidate}'s watch of the key broke; reading it again")]
    private partial void LogWatchBroke(Exception exception, string election, string candidate);
}
