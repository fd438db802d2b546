using System.Text.Json;
using System.Threading.Channels;
using Nines.Drivers.Qemu.Json;

namespace Nines.Drivers.Qemu.Qmp;

/// <summary>
/// A client of the QEMU Machine Protocol over a Unix socket: greeting and capabilities negotiation, commands
/// correlated to replies by id (any number in flight), asynchronous events as a stream, per-command timeouts,
/// and a broken state that records the first reason the connection failed.
/// </summary>
/// <remarks>
/// One background loop reads every message; callers only write (under a lock, one message at a time) and wait
/// for their reply. A broken connection is never repaired: the owner connects a new client.
/// </remarks>
internal sealed partial class QmpClient : IAsyncDisposable
{
    private readonly JsonSocketStream _stream;
    private readonly QmpClientOptions _options;
    private readonly object _gate = new();
    private readonly Dictionary<long, PendingCommand> _pending = [];
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Channel<QmpEvent> _events = Channel.CreateUnbounded<QmpEvent>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly TaskCompletionSource _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _lastId;
    private QmpClientState _state = QmpClientState.Negotiating;
    private string? _brokenReason;
    private Exception? _brokenCause;
    private Task _readLoop = Task.CompletedTask;

    private QmpClient(JsonSocketStream stream, QmpClientOptions options)
    {
        _stream = stream;
        _options = options;
    }

    /// <summary>What QEMU announced on connect.</summary>
    public QmpGreeting Greeting { get; private set; } = null!;

    /// <summary>Where the client is in its life.</summary>
    public QmpClientState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>The first reason the connection broke or closed; null while it is usable.</summary>
    public string? BrokenReason
    {
        get
        {
            lock (_gate)
            {
                return _brokenReason;
            }
        }
    }

    /// <summary>Completes when the connection breaks or is closed (e.g. QEMU exited): the crash detector's signal.</summary>
    public Task Terminated => _terminated.Task;

    /// <summary>The events in the order QEMU sent them; completes when the connection breaks or closes.</summary>
    /// <remarks>Unbounded, so events are never lost; the owner must keep reading.</remarks>
    public ChannelReader<QmpEvent> Events => _events.Reader;

    /// <summary>Connects to QEMU's QMP socket, reads the greeting and negotiates capabilities.</summary>
    /// <exception cref="QmpTimeoutException">Connecting or negotiating took longer than <see cref="QmpClientOptions.ConnectTimeout"/>.</exception>
    /// <exception cref="QmpConnectionBrokenException">The peer closed the connection or did not speak QMP.</exception>
    /// <exception cref="System.Net.Sockets.SocketException">Nobody listens at <paramref name="socketPath"/>.</exception>
    public static async Task<QmpClient> ConnectAsync(string socketPath, QmpClientOptions? options, CancellationToken cancellationToken)
    {
        options ??= QmpClientOptions.Default;
        using var timeout = new CancellationTokenSource(options.ConnectTimeout, options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        JsonSocketStream stream;
        try
        {
            stream = await JsonSocketStream.ConnectAsync(socketPath, options.MaxMessageBytes, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new QmpTimeoutException("connect", options.ConnectTimeout);
        }

        var client = new QmpClient(stream, options);
        try
        {
            await client.ReadGreetingAsync(linked.Token).ConfigureAwait(false);
            client._readLoop = Task.Run(client.ReadLoopAsync, CancellationToken.None);
            await client.ExecuteAsync("qmp_capabilities", null, Timeout.InfiniteTimeSpan, linked.Token).ConfigureAwait(false);
            lock (client._gate)
            {
                if (client._state == QmpClientState.Negotiating)
                {
                    client._state = QmpClientState.Ready;
                }
            }

            return client;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw new QmpTimeoutException("greeting and qmp_capabilities", options.ConnectTimeout);
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Closes the connection; pending and later commands fail with <see cref="QmpConnectionBrokenException"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        Terminate("the client was closed", null, QmpClientState.Closed);
        await _readLoop.ConfigureAwait(false);
    }

    /// <summary>
    /// Moves the client to <see cref="QmpClientState.Broken"/>, recording <paramref name="reason"/> unless a reason
    /// is already recorded: the first failure is the one worth reporting, later ones are its consequences.
    /// </summary>
    internal void Break(string reason, Exception? cause) => Terminate(reason, cause, QmpClientState.Broken);

    private void Terminate(string reason, Exception? cause, QmpClientState state)
    {
        List<PendingCommand> orphans;
        lock (_gate)
        {
            if (_brokenReason is not null)
            {
                return;
            }

            _state = state;
            _brokenReason = reason;
            _brokenCause = cause;
            orphans = [.. _pending.Values];
            _pending.Clear();
        }

        foreach (var orphan in orphans)
        {
            orphan.Reply.TrySetException(new QmpConnectionBrokenException(reason, cause));
        }

        _events.Writer.TryComplete();
        _stream.Abort();
        _terminated.TrySetResult();
    }

    private QmpConnectionBrokenException BrokenException_NeedsLock() => new(_brokenReason!, _brokenCause);

    private async Task ReadGreetingAsync(CancellationToken cancellationToken)
    {
        JsonDocument? document;
        try
        {
            document = await _stream.ReadObjectAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            Break($"no valid QMP greeting: {e.Message}", e);
            throw new QmpConnectionBrokenException(BrokenReason!, e);
        }

        using (document)
        {
            if (document is null)
            {
                Break("the peer closed the connection before sending a QMP greeting", null);
                throw new QmpConnectionBrokenException(BrokenReason!, null);
            }

            try
            {
                Greeting = QmpGreeting.Parse(document.RootElement);
            }
            catch (FormatException e)
            {
                Break(e.Message, e);
                throw new QmpConnectionBrokenException(BrokenReason!, e);
            }
        }
    }

    /// <summary>A command sent and waiting for its reply.</summary>
    private sealed class PendingCommand(string command)
    {
        public string Command { get; } = command;

        public TaskCompletionSource<JsonElement> Reply { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
