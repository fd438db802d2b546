namespace Nines.Store.Election;

/// <summary>What a <see cref="LeaderElection"/> campaigns for and how fast it notices a dead leader.</summary>
public sealed class LeaderElectionOptions
{
    /// <summary>The election's name: contenders for the same name compete for the key <c>/nines/election/&lt;Name&gt;</c>.</summary>
    public required string Name { get; init; }

    /// <summary>This contender's identity (host name, process id …), stored as the key's value so others can see who leads.</summary>
    public required string Candidate { get; init; }

    /// <summary>
    /// The leader's lease TTL (default 5 s): when the leader dies, a standby takes over within about this
    /// long. etcd rounds it up to whole seconds and to its minimum TTL.
    /// </summary>
    public TimeSpan Ttl { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often the leader renews its lease (default a third of <see cref="Ttl"/>). A leader that cannot
    /// renew for <see cref="Ttl"/> minus this interval steps down before the store could expire its lease.
    /// </summary>
    public TimeSpan? KeepAliveInterval { get; init; }

    /// <summary>How long to wait after a store error before campaigning again (default 500 ms).</summary>
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The clock for renewals and retries (default: the system clock).</summary>
    public TimeProvider? TimeProvider { get; init; }

    /// <summary>Where the contender logs its terms (elected, lost, resigned) and store failures; none by default.</summary>
    public Microsoft.Extensions.Logging.ILogger? Logger { get; init; }

    internal TimeSpan EffectiveKeepAliveInterval => KeepAliveInterval ?? Ttl / 3;

    /// <summary>Every problem with these options, each naming its field; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Name) || Name.Contains('/', StringComparison.Ordinal))
        {
            errors.Add($"LeaderElectionOptions.Name: '{Name}' must be a non-empty name without '/'");
        }

        if (string.IsNullOrWhiteSpace(Candidate))
        {
            errors.Add("LeaderElectionOptions.Candidate: must name this contender");
        }

        if (Ttl <= TimeSpan.Zero)
        {
            errors.Add($"LeaderElectionOptions.Ttl: {Ttl} must be positive");
        }

        if (EffectiveKeepAliveInterval <= TimeSpan.Zero || EffectiveKeepAliveInterval >= Ttl)
        {
            errors.Add($"LeaderElectionOptions.KeepAliveInterval: {EffectiveKeepAliveInterval} must be positive and shorter than Ttl ({Ttl})");
        }

        if (RetryInterval <= TimeSpan.Zero)
        {
            errors.Add($"LeaderElectionOptions.RetryInterval: {RetryInterval} must be positive");
        }

        return errors;
    }
}
