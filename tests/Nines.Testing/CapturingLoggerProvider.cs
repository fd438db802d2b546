using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Nines.Testing;

/// <summary>
/// An in-memory logger provider (and, through <see cref="CreateFactory"/>, a logger factory) that keeps every entry
/// written at or above <see cref="MinimumLevel"/>, with its structured values, so tests can assert that a decision was
/// logged with its ids.
/// </summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLogEntry> _entries = new();
    private readonly AsyncLocal<IReadOnlyList<string>?> _scopes = new();

    /// <summary>Entries below this level are not kept.</summary>
    public LogLevel MinimumLevel { get; init; } = LogLevel.Trace;

    /// <summary>A copy of the entries so far, in the order they were written.</summary>
    public IReadOnlyList<CapturedLogEntry> Entries => [.. _entries];

    /// <summary>A logger factory whose loggers write here only.</summary>
    public ILoggerFactory CreateFactory() => new Factory(this);

    /// <inheritdoc/>
    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    /// <summary>Polls until an entry matches <paramref name="match"/> (generous deadline: a loaded machine is slow); fails naming what was logged.</summary>
    public async Task<CapturedLogEntry> WaitForAsync(Func<CapturedLogEntry, bool> match, string what, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(match);
        var limit = timeout ?? TimeSpan.FromSeconds(60);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            if (Entries.FirstOrDefault(match) is { } entry)
            {
                return entry;
            }

            if (waited.Elapsed > limit)
            {
                throw new TimeoutException($"no log entry {what}; logged: {string.Join(Environment.NewLine, Entries)}");
            }

            await Task.Delay(20).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
    }

    private sealed class CapturingLogger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            var outer = owner._scopes.Value;
            owner._scopes.Value = [.. outer ?? [], state.ToString() ?? string.Empty];
            return new ScopeEnd(() => owner._scopes.Value = outer);
        }

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= owner.MinimumLevel;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var values = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
            owner._entries.Enqueue(new CapturedLogEntry(
                category,
                logLevel,
                eventId,
                formatter(state, exception),
                values.Where(v => v.Key != "{OriginalFormat}").ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal),
                exception)
            {
                Scopes = owner._scopes.Value ?? [],
            });
        }
    }

    private sealed class ScopeEnd(Action end) : IDisposable
    {
        public void Dispose() => end();
    }

    private sealed class Factory(CapturingLoggerProvider provider) : ILoggerFactory
    {
        public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException("a capturing factory writes to its own provider only");

        public ILogger CreateLogger(string categoryName) => provider.CreateLogger(categoryName);

        public void Dispose()
        {
        }
    }
}

/// <summary>One captured log entry: its category, level, event id, rendered message and structured values.</summary>
public sealed record CapturedLogEntry(
    string Category,
    LogLevel Level,
    EventId EventId,
    string Message,
    IReadOnlyDictionary<string, object?> Values,
    Exception? Exception)
{
    /// <summary>The scopes open when it was logged, outermost first, as a console formatter prints them (their text).</summary>
    public IReadOnlyList<string> Scopes { get; init; } = [];

    /// <summary>The structured value <paramref name="name"/> as text, or null.</summary>
    public string? Value(string name) => Values.TryGetValue(name, out var value) ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <inheritdoc/>
    public override string ToString() => $"{Level} {Category}[{EventId.Id}] {Message}";
}
