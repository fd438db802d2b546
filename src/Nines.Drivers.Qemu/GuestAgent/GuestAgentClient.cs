using System.Net.Sockets;
using System.Text.Json;
using Nines.Drivers.Qemu.Json;

namespace Nines.Drivers.Qemu.GuestAgent;

/// <summary>
/// A client of the QEMU guest agent over the host end of its virtio-serial port (a Unix socket QEMU listens on).
/// The protocol has no greeting and no command ids, so commands run one at a time, and the stream is
/// resynchronised with <c>guest-sync-delimited</c> before the first command and after anything that may have
/// left a reply unread (a timeout, a cancellation, an unreadable reply).
/// </summary>
/// <remarks>
/// Connecting does not wait for the agent: a booting guest has none yet, and QEMU's socket accepts anyway.
/// The first command (typically <see cref="PingAsync"/>) resynchronises, and fails with a timeout until the
/// agent runs. End of file or an I/O error on the socket breaks the client for good, with its first reason.
/// </remarks>
internal sealed partial class GuestAgentClient : IAsyncDisposable
{
    private const byte Sentinel = 0xFF;

    private static readonly JsonSerializerOptions _argumentSerializerOptions = new(JsonSerializerDefaults.General);

    private readonly JsonSocketStream _stream;
    private readonly GuestAgentClientOptions _options;
    private readonly SemaphoreSlim _commandLock = new(1, 1);
    private readonly object _gate = new();
    private string? _brokenReason;
    private Exception? _brokenCause;
    private bool _closed;
    private bool _needsSync = true;

    private GuestAgentClient(JsonSocketStream stream, GuestAgentClientOptions options)
    {
        _stream = stream;
        _options = options;
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

    /// <summary>True when the next command will resynchronise first.</summary>
    public bool NeedsSync => Volatile.Read(ref _needsSync);

    /// <summary>Connects to the guest agent's chardev socket (it does not wait for the agent itself).</summary>
    /// <exception cref="GuestAgentTimeoutException">Connecting took longer than <see cref="GuestAgentClientOptions.ConnectTimeout"/>.</exception>
    /// <exception cref="SocketException">Nobody listens at <paramref name="socketPath"/>.</exception>
    public static async Task<GuestAgentClient> ConnectAsync(string socketPath, GuestAgentClientOptions? options, CancellationToken cancellationToken)
    {
        options ??= GuestAgentClientOptions.Default;
        using var timeout = new CancellationTokenSource(options.ConnectTimeout, options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var stream = await JsonSocketStream.ConnectAsync(socketPath, options.MaxMessageBytes, linked.Token).ConfigureAwait(false);
            return new GuestAgentClient(stream, options);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new GuestAgentTimeoutException("connect", options.ConnectTimeout);
        }
    }

    /// <summary>
    /// Sends <paramref name="command"/> and returns its <c>return</c> value, after resynchronising if needed.
    /// Callers are served one at a time.
    /// </summary>
    /// <param name="timeout">How long to wait for the reply; null for <see cref="GuestAgentClientOptions.CommandTimeout"/>.</param>
    /// <exception cref="GuestAgentCommandException">The agent answered with an error.</exception>
    /// <exception cref="GuestAgentTimeoutException">Our timeout fired (for the command or the resync before it).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="GuestAgentProtocolException">The reply was not a JSON object.</exception>
    /// <exception cref="GuestAgentConnectionBrokenException">The socket closed or failed, now or earlier.</exception>
    public async Task<JsonElement> ExecuteAsync(string command, object? arguments, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(command);
        await _commandLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await ExecuteCoreAsync_NeedsLock(command, arguments, timeout ?? _options.CommandTimeout, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _commandLock.Release();
        }
    }

    /// <summary>Resynchronises the stream now (it is done before commands anyway when needed).</summary>
    public async Task SyncAsync(CancellationToken cancellationToken)
    {
        await _commandLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfBroken();
            await SyncAsync_NeedsLock(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _commandLock.Release();
        }
    }

    /// <summary>Closes the connection; later commands fail with <see cref="GuestAgentConnectionBrokenException"/>.</summary>
    public ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _closed = true;
        }

        Break("the client was closed", null);
        return ValueTask.CompletedTask;
    }

    /// <summary>Moves the client to the broken state, recording <paramref name="reason"/> unless one is already recorded.</summary>
    internal void Break(string reason, Exception? cause)
    {
        lock (_gate)
        {
            if (_brokenReason is not null)
            {
                return;
            }

            _brokenReason = reason;
            _brokenCause = cause;
        }

        // Aborting also ends a read in progress, whose command then reports this reason.
        _stream.Abort();
    }

    /// <summary>True once the owner disposed the client (as opposed to the connection breaking).</summary>
    internal bool IsClosed
    {
        get
        {
            lock (_gate)
            {
                return _closed;
            }
        }
    }

    private async Task<JsonElement> ExecuteCoreAsync_NeedsLock(string command, object? arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ThrowIfBroken();
        if (_needsSync)
        {
            await SyncAsync_NeedsLock(cancellationToken).ConfigureAwait(false);
        }

        using var timeoutSource = timeout == Timeout.InfiniteTimeSpan
            ? new CancellationTokenSource()
            : new CancellationTokenSource(timeout, _options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        try
        {
            // From here until the reply is read, an interruption leaves the stream in an unknown place.
            _needsSync = true;
            await WriteAsync(SerializeRequest(command, arguments, prefixSentinel: false), command, linked.Token).ConfigureAwait(false);
            var reply = await ReadReplyAsync(command, linked.Token).ConfigureAwait(false);
            _needsSync = false;
            return reply;
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested && BrokenReason is null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new GuestAgentTimeoutException(command, timeout);
        }
        catch (GuestAgentCommandException)
        {
            _needsSync = false; // An error reply is a complete reply: the stream is in step.
            throw;
        }
    }

    private async Task<JsonElement> ReadReplyAsync(string command, CancellationToken cancellationToken)
    {
        while (true)
        {
            using var document = await ReadObjectAsync(command, cancellationToken).ConfigureAwait(false);
            var message = document.RootElement;
            if (message.TryGetProperty("return", out var result))
            {
                return result.Clone();
            }

            if (message.TryGetProperty("error", out var error))
            {
                throw new GuestAgentCommandException(
                    ReadString(error, "class") ?? "UnknownError",
                    ReadString(error, "desc") ?? error.GetRawText(),
                    command);
            }

            // Neither a reply nor an error: the agent sends nothing else, so it is noise to skip.
        }
    }

    private async Task<JsonDocument> ReadObjectAsync(string command, CancellationToken cancellationToken)
    {
        JsonDocument? document;
        try
        {
            document = await _stream.ReadObjectAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            _stream.DiscardBuffered();
            throw new GuestAgentProtocolException(command, $"unreadable reply ({e.Message}); the stream will be resynchronised", e);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            throw BreakAndDescribe($"reading from the guest agent socket failed: {e.Message}", e);
        }

        return document ?? throw BreakAndDescribe("QEMU closed the guest agent socket", null);
    }

    private async Task WriteAsync(byte[] request, string command, CancellationToken cancellationToken)
    {
        try
        {
            await _stream.WriteAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            throw BreakAndDescribe($"writing \"{command}\" to the guest agent socket failed: {e.Message}", e);
        }
    }

    private GuestAgentConnectionBrokenException BreakAndDescribe(string reason, Exception? cause)
    {
        Break(reason, cause);
        lock (_gate)
        {
            return new GuestAgentConnectionBrokenException(_brokenReason!, _brokenCause);
        }
    }

    private void ThrowIfBroken()
    {
        lock (_gate)
        {
            if (_brokenReason is not null)
            {
                throw new GuestAgentConnectionBrokenException(_brokenReason, _brokenCause);
            }
        }
    }

    private static byte[] SerializeRequest(string command, object? arguments, bool prefixSentinel)
    {
        using var buffer = new MemoryStream();
        if (prefixSentinel)
        {
            buffer.WriteByte(Sentinel);
        }

        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("execute", command);
            if (arguments is not null)
            {
                writer.WritePropertyName("arguments");
                JsonSerializer.Serialize(writer, arguments, arguments.GetType(), _argumentSerializerOptions);
            }

            writer.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static string? ReadString(JsonElement element, string member) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(member, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
