using System.Threading.Channels;

namespace Nines.Controller.Reconciliation;

/// <summary>
/// A work queue keyed by item (client-go's rate-limited queue): an item queued several times before it is taken is
/// processed once; an item queued while being processed is processed again after <see cref="Done"/>, never twice
/// at once. Delays (requeue after, exponential backoff per item) run on the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed class WorkQueue<T> : IDisposable
    where T : notnull
{
    private readonly Channel<T> _ready = Channel.CreateUnbounded<T>();
    private readonly Lock _gate = new();
    private readonly HashSet<T> _dirty = [];
    private readonly HashSet<T> _processing = [];
    private readonly Dictionary<T, int> _failures = [];
    private readonly HashSet<ITimer> _timers = [];
    private readonly TimeProvider _time;
    private readonly TimeSpan _baseDelay;
    private readonly TimeSpan _maxDelay;

    public WorkQueue(TimeProvider time, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _baseDelay = baseDelay;
        _maxDelay = maxDelay;
    }

    /// <summary>Queues <paramref name="item"/> now (once, however often it is added before being taken).</summary>
    public void Add(T item)
    {
        lock (_gate)
        {
            if (_dirty.Add(item) && !_processing.Contains(item))
            {
                _ready.Writer.TryWrite(item);
            }
        }
    }

    /// <summary>Queues <paramref name="item"/> after <paramref name="delay"/>.</summary>
    public void AddAfter(T item, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(item);
            return;
        }

        lock (_gate)
        {
            ITimer? timer = null;
            timer = _time.CreateTimer(
                _ =>
                {
                    lock (_gate)
                    {
                        _timers.Remove(timer!);
                    }

                    timer!.Dispose();
                    Add(item);
                },
                null,
                Timeout.InfiniteTimeSpan,
                Timeout.InfiniteTimeSpan);
            _timers.Add(timer);
            timer.Change(delay, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Queues <paramref name="item"/> after its backoff: base × 2^(failures−1), at most the maximum; counts a failure.</summary>
    public TimeSpan AddRateLimited(T item)
    {
        TimeSpan delay;
        lock (_gate)
        {
            var failures = _failures.GetValueOrDefault(item) + 1;
            _failures[item] = failures;
            delay = Backoff(failures);
        }

        AddAfter(item, delay);
        return delay;
    }

    /// <summary>Clears <paramref name="item"/>'s failure count (it succeeded).</summary>
    public void Forget(T item)
    {
        lock (_gate)
        {
            _failures.Remove(item);
        }
    }

    /// <summary>How many failures in a row <paramref name="item"/> has had.</summary>
    public int Failures(T item)
    {
        lock (_gate)
        {
            return _failures.GetValueOrDefault(item);
        }
    }

    /// <summary>The next item to process; call <see cref="Done"/> with it afterwards.</summary>
    public async Task<T> TakeAsync(CancellationToken cancellationToken)
    {
        var item = await _ready.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _dirty.Remove(item);
            _processing.Add(item);
        }

        return item;
    }

    /// <summary>Ends processing of <paramref name="item"/>; if it was queued meanwhile it becomes ready again.</summary>
    public void Done(T item)
    {
        lock (_gate)
        {
            _processing.Remove(item);
            if (_dirty.Contains(item))
            {
                _ready.Writer.TryWrite(item);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var timer in _timers)
            {
                timer.Dispose();
            }

            _timers.Clear();
        }

        _ready.Writer.TryComplete();
    }

    private TimeSpan Backoff(int failures)
    {
        var factor = Math.Pow(2, Math.Min(failures - 1, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(_baseDelay.Ticks * factor, _maxDelay.Ticks));
        return delay;
    }
}
