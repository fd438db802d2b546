using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Nines.Availability.Checkpoints;
using Nines.Availability.Client;
using Nines.Store;

namespace Nines.Samples.Counter;

/// <summary>
/// A counter store over TCP (one request per line, one answer per line): <c>INCR key [n]</c> → <c>OK value</c>,
/// <c>GET key</c> → <c>VALUE value</c>, <c>STATE</c> → <c>STATE mode epoch</c>, <c>PING</c> → <c>PONG</c>.
/// It serves only while its HA state is active; otherwise it answers <c>ERR not-active mode</c>. An increment is
/// acknowledged only after the checkpoint holding it is written under this unit's epoch, so a failover never
/// loses an acknowledged increment, and a stale active's writes fail instead of overwriting the new one's. A standby
/// is warm: it has run the claim and write paths once and follows the checkpoint, so taking over costs one claim and
/// one read, not a cold start.
/// </summary>
internal sealed partial class CounterService : IAsyncDisposable
{
    // Serializes changes, mode switches and the quiesce: holding it means no request is in flight.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, long> _counters = new(StringComparer.Ordinal);
    private readonly List<Task> _tasks = [];
    private readonly List<TcpClient> _connections = [];
    private readonly HaStateClient _haState;
    private readonly CheckpointClient _checkpoints;
    private readonly CounterOptions _options;
    private readonly TextWriter _log;
    private readonly TimeProvider _time;
    private TcpListener? _listener;
    private CheckpointWriter? _writer;
    private long _epoch;
    private bool _firstAckPending;
    private int _disposed;

    public CounterService(IStateStore store, CounterOptions options, TextWriter? log = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _log = log ?? TextWriter.Null;
        _time = time ?? TimeProvider.System;
        _haState = new HaStateClient(store, options.Group, options.Unit);
        _checkpoints = new CheckpointClient(store, options.Instance);
    }

    /// <summary>The port it listens on (after <see cref="StartAsync"/>).</summary>
    public int Port { get; private set; }

    /// <summary>What it does with requests now.</summary>
    public CounterMode Mode { get; private set; } = CounterMode.Standby;

    /// <summary>
    /// Warms up (the claim and write paths once, the latest checkpoint loaded), then binds the port and starts
    /// following the unit's HA state and the checkpoint: once it listens, it can take over at once.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _checkpoints.PrepareAsync(cancellationToken).ConfigureAwait(false);
        Load_NeedsLock(await _checkpoints.ReadAsync(cancellationToken).ConfigureAwait(false));
        _listener = new TcpListener(IPAddress.Parse(_options.Address), _options.Port);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _tasks.Add(Task.Run(() => FollowHaStateAsync(_stop.Token)));
        _tasks.Add(Task.Run(() => FollowCheckpointAsync(_stop.Token)));
        _tasks.Add(Task.Run(() => AcceptAsync(_stop.Token)));
    }

    /// <summary>Stops at once, like a killed process: connections drop, nothing is flushed or handed over.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        _listener?.Stop();
        lock (_connections)
        {
            foreach (var connection in _connections)
            {
                connection.Dispose();
            }
        }

        try
        {
            await Task.WhenAll(_tasks).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The loops end by cancellation.
        }

        _stop.Dispose();
        _gate.Dispose();
    }

    private async Task AcceptAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener!.AcceptTcpClientAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            client.NoDelay = true;
            lock (_connections)
            {
                _connections.Add(client);
            }

            _ = Task.Run(() => ServeAsync(client, cancellationToken), CancellationToken.None);
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken cancellationToken)
    {
        try
        {
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII);
            var writer = new StreamWriter(stream, Encoding.ASCII) { AutoFlush = true, NewLine = "\n" };
            await using (writer.ConfigureAwait(false))
            {
                while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
                {
                    var answer = await AnswerAsync(line, cancellationToken).ConfigureAwait(false);
                    await writer.WriteLineAsync(answer.AsMemory(), cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The client went away or the service stops: nothing to answer.
        }
        finally
        {
            lock (_connections)
            {
                _connections.Remove(client);
            }

            client.Dispose();
        }
    }

    private async Task<string> AnswerAsync(string line, CancellationToken cancellationToken)
    {
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        switch (words.FirstOrDefault()?.ToUpperInvariant())
        {
            case "PING":
                return "PONG";
            case "STATE":
                return $"STATE {Mode.ToString().ToLowerInvariant()} {_epoch}";
            case "GET" when words.Length == 2:
                await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    return Mode == CounterMode.Active
                        ? $"VALUE {_counters.GetValueOrDefault(words[1])}"
                        : NotActive();
                }
                finally
                {
                    _gate.Release();
                }

            case "INCR" when words.Length is 2 or 3:
                var by = 1L;
                if (words.Length == 3 && !long.TryParse(words[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out by))
                {
                    return "ERR bad-number";
                }

                return await IncrementAsync(words[1], by, cancellationToken).ConfigureAwait(false);
            default:
                return "ERR unknown-command (INCR key [n] | GET key | STATE | PING)";
        }
    }

    private async Task<string> IncrementAsync(string key, long by, CancellationToken cancellationToken)
    {
        if (key.Contains('/', StringComparison.Ordinal))
        {
            return "ERR bad-key (no '/')";
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Mode != CounterMode.Active || _writer is null)
            {
                return NotActive();
            }

            var value = _counters.GetValueOrDefault(key) + by;
            try
            {
                await _writer.WriteAsync(new Dictionary<string, ReadOnlyMemory<byte>> { [key] = Encode(value) }, cancellationToken).ConfigureAwait(false);
            }
            catch (StaleCheckpointWriterException)
            {
                // A newer active owns the state: this unit must stop serving at once.
                Demote_NeedsLock();
                return NotActive();
            }

            _counters[key] = value;
            if (_firstAckPending)
            {
                _firstAckPending = false;
                Log($"first-ack epoch={_epoch} at={UnixMs(_time.GetUtcNow())}");
            }

            return $"OK {value}";
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>One line of the service's log (its HA-state changes, with timings).</summary>
    private void Log(string line)
    {
        lock (_log)
        {
            _log.WriteLine(line);
            _log.Flush();
        }
    }

    private string NotActive() => $"ERR not-active {Mode.ToString().ToLowerInvariant()}";

    private static ReadOnlyMemory<byte> Encode(long value) => Encoding.ASCII.GetBytes(value.ToString(CultureInfo.InvariantCulture));

    private static long Decode(ReadOnlyMemory<byte> value) => long.Parse(Encoding.ASCII.GetString(value.Span), CultureInfo.InvariantCulture);
}
