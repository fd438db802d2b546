namespace Nines.Store.Election;

/// <summary>
/// One contender in a leader election over any <see cref="IStateStore"/> (SQLite, memory, etcd), the etcd
/// recipe: campaign = grant a lease, create <c>/nines/election/&lt;name&gt;</c> with it only if the key is
/// absent (a txn on <c>CreateRevision == 0</c>), then keep the lease alive. The leader steps down when a
/// keep-alive fails (or cannot be confirmed in time) or the key changes; standbys watch the key and campaign
/// again when it is deleted (resignation, or the dead leader's lease expiring).
/// </summary>
/// <remarks>
/// Act as leader only while <see cref="LeadershipToken"/> is not cancelled: it is cancelled the moment this
/// contender learns it lost, before <see cref="LeaderChanged"/> runs. <see cref="DisposeAsync"/> stops
/// without resigning, like a crash (standbys take over once the lease expires); <see cref="ResignAsync"/>
/// hands over at once.
/// </remarks>
public sealed partial class LeaderElection : IAsyncDisposable
{
    private readonly IStateStore _store;
    private readonly LeaderElectionOptions _options;
    private readonly TimeProvider _time;
    private readonly Microsoft.Extensions.Logging.ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private TaskCompletionSource<CancellationToken> _elected = NewElectedSource();
    private CancellationToken _leadership = new(canceled: true);
    private long _leaderLease;
    private string? _leader;
    private Task? _campaign;
    private bool _stopping;

    /// <summary>A contender that does nothing until <see cref="Start"/>. Throws <see cref="ArgumentException"/> listing every bad option.</summary>
    public LeaderElection(IStateStore store, LeaderElectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(options));
        }

        _store = store;
        _options = options;
        _time = options.TimeProvider ?? TimeProvider.System;
        _logger = options.Logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        Key = KeyFor(options.Name);
    }

    /// <summary>Raised when this contender becomes leader or stops being it, and when a standby sees a new leader.</summary>
    public event EventHandler<LeaderChange>? LeaderChanged;

    /// <summary>The election key, <c>/nines/election/&lt;name&gt;</c>.</summary>
    public StoreKey Key { get; }

    /// <summary>True while this contender holds the key with a lease it has kept alive in time.</summary>
    public bool IsLeader
    {
        get
        {
            lock (_gate)
            {
                return !_leadership.IsCancellationRequested;
            }
        }
    }

    /// <summary>The leading candidate as far as this contender knows, or null.</summary>
    public string? Leader
    {
        get
        {
            lock (_gate)
            {
                return _leader;
            }
        }
    }

    /// <summary>Valid for the current term: cancelled when leadership is lost. Already cancelled when not leader.</summary>
    public CancellationToken LeadershipToken
    {
        get
        {
            lock (_gate)
            {
                return _leadership;
            }
        }
    }

    /// <summary>The key an election named <paramref name="name"/> competes for.</summary>
    public static StoreKey KeyFor(string name) => "/nines/election/" + name;

    /// <summary>Starts campaigning in the background (once).</summary>
    public void Start()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopping, this);
            _campaign ??= Task.Run(() => CampaignAsync(_stop.Token));
        }
    }

    /// <summary>Completes with the term's <see cref="LeadershipToken"/> once this contender leads.</summary>
    public async Task<CancellationToken> WaitForLeadershipAsync(CancellationToken cancellationToken = default)
    {
        Task<CancellationToken> elected;
        lock (_gate)
        {
            elected = _elected.Task;
        }

        return await elected.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Stops campaigning and, when leading, revokes the lease, which deletes the key so a standby takes over
    /// at once instead of after the TTL.
    /// </summary>
    public async Task ResignAsync(CancellationToken cancellationToken = default)
    {
        long lease;
        lock (_gate)
        {
            lease = _leaderLease;
        }

        await StopAsync().ConfigureAwait(false);
        if (lease != 0)
        {
            LogResigned(_options.Name, _options.Candidate, lease);
            try
            {
                await _store.RevokeLeaseAsync(lease, cancellationToken).ConfigureAwait(false);
            }
            catch (LeaseNotFoundException)
            {
                // Already gone: the key went with it.
            }
        }
    }

    /// <summary>Stops campaigning and renewing without resigning: standbys take over when the lease expires.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task StopAsync()
    {
        Task? campaign;
        lock (_gate)
        {
            if (_stopping)
            {
                return;
            }

            _stopping = true;
            campaign = _campaign;
        }

        // Outside the lock: cancelling runs the term's callbacks, which may read this object's state.
        await _stop.CancelAsync().ConfigureAwait(false);
        if (campaign is not null)
        {
            await campaign.ConfigureAwait(false);
        }
    }

    private static TaskCompletionSource<CancellationToken> NewElectedSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
