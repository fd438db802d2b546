using System.Diagnostics;

namespace Nines.Cli.Tests.Cluster;

/// <summary>One look at the machine: which VM's QEMU ran on which host (by namespace), with its pid.</summary>
internal sealed record GuestSample(TimeSpan At, IReadOnlyList<GuestOnHost> Guests)
{
    public IEnumerable<GuestOnHost> Of(string vm) => Guests.Where(g => g.Vm == vm);
}

/// <summary>A VM (its scenario name) whose QEMU process ran on a host.</summary>
internal sealed record GuestOnHost(string Vm, string Host, int Pid);

/// <summary>One answer of the API: each VM's host, state and readiness.</summary>
internal sealed record ApiSample(TimeSpan At, IReadOnlyDictionary<string, ApiVm> Vms);

internal sealed record ApiVm(string? Host, string? State, bool GuestReady, bool Configured);

/// <summary>
/// Samples, until disposed, the QEMU processes of the testbed's hosts (every 100 ms, from <c>/proc</c>: pid, VM,
/// network namespace) and the VMs the controller's API reports (as fast as it answers), on one clock.
/// </summary>
internal sealed class GuestTimeline : IAsyncDisposable
{
    private static readonly TimeSpan _interval = TimeSpan.FromMilliseconds(100);

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly IReadOnlyDictionary<string, string> _hostOfNamespace;
    private readonly Func<CancellationToken, Task<Dictionary<string, ApiVm>>> _api;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly List<GuestSample> _guests = [];
    private readonly List<ApiSample> _answers = [];
    private readonly Task _sampling;

    /// <param name="hostOfNamespace">Host names by namespace identity (<c>net:[INODE]</c>); QEMU elsewhere is ignored.</param>
    /// <param name="api">Reads the VMs from the API, by VM name.</param>
    public GuestTimeline(IReadOnlyDictionary<string, string> hostOfNamespace, Func<CancellationToken, Task<Dictionary<string, ApiVm>>> api)
    {
        _hostOfNamespace = hostOfNamespace;
        _api = api;
        _sampling = Task.WhenAll(Task.Run(SampleGuestsAsync), Task.Run(SampleApiAsync));
    }

    public TimeSpan Now => _clock.Elapsed;

    public IReadOnlyList<GuestSample> Guests
    {
        get
        {
            lock (_gate)
            {
                return [.. _guests];
            }
        }
    }

    public IReadOnlyList<ApiSample> Answers
    {
        get
        {
            lock (_gate)
            {
                return [.. _answers];
            }
        }
    }

    /// <summary>The first sample that satisfies <paramref name="condition"/>, waited for until <paramref name="timeout"/>.</summary>
    public async Task<T> FirstAsync<T>(Func<GuestTimeline, IEnumerable<T>> samples, Func<T, bool> condition, string what, TimeSpan timeout, CancellationToken ct)
        where T : class
    {
        var deadline = Now + timeout;
        while (true)
        {
            if (samples(this).FirstOrDefault(condition) is { } found)
            {
                return found;
            }

            if (Now > deadline)
            {
                throw new TimeoutException($"{what}: not seen within {timeout.TotalSeconds:0} s; last guests: {Describe(Guests.LastOrDefault())}; last API answer: {Describe(Answers.LastOrDefault())}; QEMU on this machine: {string.Join(", ", QemuProcesses.Scan())}; hosts: {string.Join(", ", _hostOfNamespace)}");
            }

            await Task.Delay(_interval, ct);
        }
    }

    public static string Describe(GuestSample? sample) =>
        sample is null ? "none" : $"{sample.At.TotalSeconds:0.0} s: {string.Join(", ", sample.Guests.Select(g => $"{g.Vm}@{g.Host} (pid {g.Pid})"))}";

    public static string Describe(ApiSample? sample) =>
        sample is null ? "none" : $"{sample.At.TotalSeconds:0.0} s: {string.Join(", ", sample.Vms.Select(v => $"{v.Key}@{v.Value.Host} {v.Value.State} ready={v.Value.GuestReady}"))}";

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _sampling;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private async Task SampleGuestsAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var at = Now;
            var guests = QemuProcesses.Scan()
                .Where(p => _hostOfNamespace.ContainsKey(p.Namespace))
                .Select(p => new GuestOnHost(p.VmId[(p.VmId.LastIndexOf('.') + 1)..], _hostOfNamespace[p.Namespace], p.Pid))
                .ToList();
            lock (_gate)
            {
                _guests.Add(new GuestSample(at, guests));
            }

            await Task.Delay(_interval, _stop.Token);
        }
    }

    private async Task SampleApiAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var at = Now;
            try
            {
                var vms = await _api(_stop.Token);
                lock (_gate)
                {
                    _answers.Add(new ApiSample(at, vms));
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A controller busy or briefly away: the next look counts.
            }

            await Task.Delay(_interval, _stop.Token);
        }
    }
}
