namespace Nines.Controller.Hosting;

/// <summary>How a controller campaigns for the active role among the controllers sharing a store.</summary>
public sealed record ControllerElectionOptions
{
    /// <summary>The election every controller of one cluster joins (its key is <c>/nines/election/&lt;Name&gt;</c>).</summary>
    public string Name { get; init; } = "controller";

    /// <summary>This controller's identity, stored as the election key's value; unique per process.</summary>
    public string Candidate { get; init; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>
    /// The active controller's lease TTL (default 2 s, etcd's minimum with its default election timeout): a standby
    /// takes over within about this long (plus etcd's 0.5 s expiry check) after the active one dies.
    /// </summary>
    public TimeSpan Ttl { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the active controller renews its lease; null for a third of <see cref="Ttl"/>.</summary>
    public TimeSpan? KeepAliveInterval { get; init; }

    /// <summary>How long to wait after a store error before campaigning again.</summary>
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromMilliseconds(250);
}
