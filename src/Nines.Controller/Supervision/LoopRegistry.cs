using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Nines.Controller.Supervision;

/// <summary>
/// Every supervised loop of one process and its state (<see cref="LoopStatus"/>), for <c>/v1/health</c> and
/// <c>nines status</c>: the process is <c>degraded</c> while one loop is restarting or has failed, else <c>ok</c>.
/// A loop that failed fatally faults <see cref="Fatal"/>, which the process's completion follows.
/// </summary>
public sealed partial class LoopRegistry
{
    /// <summary>The overall status when every loop runs (or was stopped on purpose).</summary>
    public const string Ok = "ok";

    /// <summary>The overall status while a loop is restarting or has failed.</summary>
    public const string Degraded = "degraded";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, LoopStatus> _loops = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _fatal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ILogger _logger;
    private string _overall = Ok;

    public LoopRegistry(ILogger<LoopRegistry>? logger = null)
    {
        _logger = logger ?? NullLogger<LoopRegistry>.Instance;
    }

    /// <summary>Raised after a loop's state changed (on the thread that changed it).</summary>
    public event Action<LoopStatus>? Changed;

    /// <summary>Every loop, by name.</summary>
    public IReadOnlyList<LoopStatus> Loops
    {
        get
        {
            lock (_gate)
            {
                return [.. _loops.Values.OrderBy(l => l.Name, StringComparer.Ordinal)];
            }
        }
    }

    /// <summary><see cref="Ok"/> or <see cref="Degraded"/>.</summary>
    public string Status
    {
        get
        {
            lock (_gate)
            {
                return _overall;
            }
        }
    }

    /// <summary>Never completes normally; faulted with the first fatal loop failure.</summary>
    public Task Fatal => _fatal.Task;

    /// <summary>The loop named <paramref name="name"/>, or null.</summary>
    public LoopStatus? Find(string name)
    {
        lock (_gate)
        {
            return _loops.GetValueOrDefault(name);
        }
    }

    internal void Update(LoopStatus status)
    {
        string before;
        string after;
        lock (_gate)
        {
            _loops[status.Name] = status;
            before = _overall;
            _overall = after = _loops.Values.Any(l => l.IsDown) ? Degraded : Ok;
        }

        if (before != after)
        {
            var down = Loops.Where(l => l.IsDown).Select(l => l.Name).ToList();
            if (after == Degraded)
            {
                LogDegraded(_logger, string.Join(", ", down));
            }
            else
            {
                LogRecovered(_logger);
            }
        }

        Changed?.Invoke(status);
    }

    internal void ReportFatal(string loop, Exception error) =>
        _fatal.TrySetException(new LoopFailedException($"loop {loop} failed and cannot recover: {error.Message}", error));

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Health: degraded (loops down: {Loops})")]
    private static partial void LogDegraded(ILogger logger, string loops);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Health: ok again (every loop runs)")]
    private static partial void LogRecovered(ILogger logger);
}
