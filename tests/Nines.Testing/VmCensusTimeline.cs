using System.Diagnostics;

namespace Nines.Testing;

/// <summary>
/// Takes a <see cref="VmProcessCensus"/> of the given hosts every <c>interval</c> (default 50 ms) until disposed, and
/// keeps every sample on one clock: the record a "never on two hosts" assertion reads. Sampling never stops on a
/// failed look (a process ending while it is read is skipped by the census itself).
/// </summary>
public sealed class VmCensusTimeline : IAsyncDisposable
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly IReadOnlyDictionary<string, string> _hosts;
    private readonly TimeSpan _interval;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly List<CensusSample> _samples = [];
    private readonly Task _sampling;

    /// <param name="dataDirectoryOfHost">Host name → the host agent's data directory.</param>
    /// <param name="interval">Time between two looks (default 50 ms).</param>
    public VmCensusTimeline(IReadOnlyDictionary<string, string> dataDirectoryOfHost, TimeSpan? interval = null)
    {
        _hosts = dataDirectoryOfHost;
        _interval = interval ?? TimeSpan.FromMilliseconds(50);
        _sampling = Task.Run(SampleAsync);
    }

    /// <summary>The timeline's clock (the <see cref="CensusSample.At"/> of new samples).</summary>
    public TimeSpan Now => _clock.Elapsed;

    /// <summary>Every sample so far, oldest first.</summary>
    public IReadOnlyList<CensusSample> Samples
    {
        get
        {
            lock (_gate)
            {
                return [.. _samples];
            }
        }
    }

    /// <summary>The largest <see cref="CensusSample.MaxCopies"/> of any sample so far.</summary>
    public int MaxCopiesSeen => Samples.Select(s => s.MaxCopies).DefaultIfEmpty(0).Max();

    /// <summary>The first sample with a VM on two hosts or more, or null.</summary>
    public CensusSample? FirstDuplicate => Samples.FirstOrDefault(s => s.MaxCopies > 1);

    /// <summary>
    /// The first sample taken after <paramref name="after"/> that satisfies <paramref name="condition"/>, waited for
    /// until <paramref name="timeout"/>; throws <see cref="TimeoutException"/> with the last sample otherwise.
    /// </summary>
    public async Task<CensusSample> FirstAsync(TimeSpan after, Func<CensusSample, bool> condition, string what, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = Now + timeout;
        while (true)
        {
            if (Samples.FirstOrDefault(s => s.At > after && condition(s)) is { } found)
            {
                return found;
            }

            if (Now > deadline)
            {
                throw new TimeoutException($"{what}: not seen within {timeout.TotalSeconds:0} s; last sample {Samples.LastOrDefault()?.Describe() ?? "none"}");
            }

            await Task.Delay(_interval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stops sampling (the samples stay readable).</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _sampling.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private async Task SampleAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var at = Now;
            var processes = VmProcessCensus.Take(_hosts);
            lock (_gate)
            {
                _samples.Add(new CensusSample(at, processes));
            }

            await Task.Delay(_interval, _stop.Token).ConfigureAwait(false);
        }
    }
}
