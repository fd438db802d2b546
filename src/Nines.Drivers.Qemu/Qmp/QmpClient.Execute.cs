using System.Text.Json;

namespace Nines.Drivers.Qemu.Qmp;

internal sealed partial class QmpClient
{
    private static readonly JsonSerializerOptions _argumentSerializerOptions = new(JsonSerializerDefaults.General);

    /// <summary>
    /// Sends <paramref name="command"/> and returns its <c>return</c> value. Any number of commands may be in
    /// flight; each reply is matched to its command by id.
    /// </summary>
    /// <param name="arguments">Serialized as the <c>arguments</c> object (a JsonObject, a dictionary or a POCO); null for none.</param>
    /// <param name="timeout">How long to wait for the reply; null for <see cref="QmpClientOptions.CommandTimeout"/>, <see cref="Timeout.InfiniteTimeSpan"/> for no limit.</param>
    /// <exception cref="QmpCommandException">QEMU answered with an error.</exception>
    /// <exception cref="QmpTimeoutException">Our timeout fired first; the caller's token did not.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="QmpConnectionBrokenException">The connection broke before the reply arrived, or earlier.</exception>
    public Task<JsonElement> ExecuteAsync(string command, object? arguments, TimeSpan? timeout, CancellationToken cancellationToken) =>
        ExecuteAsync(command, arguments, timeout, null, cancellationToken);

    /// <summary>As <see cref="ExecuteAsync(string, object?, TimeSpan?, CancellationToken)"/>, with <paramref name="descriptor"/> passed along (<c>SCM_RIGHTS</c>) when not null.</summary>
    private async Task<JsonElement> ExecuteAsync(string command, object? arguments, TimeSpan? timeout, System.Runtime.InteropServices.SafeHandle? descriptor, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(command);
        var limit = timeout ?? _options.CommandTimeout;
        cancellationToken.ThrowIfCancellationRequested();
        var request = SerializeRequest(command, arguments, out var pending, out var id);

        using var timeoutSource = limit == Timeout.InfiniteTimeSpan
            ? new CancellationTokenSource()
            : new CancellationTokenSource(limit, _options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        try
        {
            await SendAsync(request, descriptor, linked.Token).ConfigureAwait(false);
            return await pending.Reply.Task.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            // The reply, if it still comes, finds no pending command and is dropped.
            lock (_gate)
            {
                _pending.Remove(id);
            }

            cancellationToken.ThrowIfCancellationRequested();
            throw new QmpTimeoutException(command, limit);
        }
    }

    private byte[] SerializeRequest(string command, object? arguments, out PendingCommand pending, out long id)
    {
        pending = new PendingCommand(command);
        lock (_gate)
        {
            if (_brokenReason is not null)
            {
                throw BrokenException_NeedsLock();
            }

            id = ++_lastId;
            _pending.Add(id, pending);
        }

        try
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteString("execute", command);
                if (arguments is not null)
                {
                    writer.WritePropertyName("arguments");
                    JsonSerializer.Serialize(writer, arguments, arguments.GetType(), _argumentSerializerOptions);
                }

                writer.WriteNumber("id", id);
                writer.WriteEndObject();
            }

            buffer.WriteByte((byte)'\n');
            return buffer.ToArray();
        }
        catch
        {
            lock (_gate)
            {
                _pending.Remove(id);
            }

            throw;
        }
    }

    private async Task SendAsync(byte[] request, System.Runtime.InteropServices.SafeHandle? descriptor, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        var writing = false;
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            writing = true;
            if (descriptor is null)
            {
                await _stream.WriteAsync(request, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await _stream.WriteWithDescriptorAsync(request, descriptor, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException e) when (writing)
        {
            // A write interrupted part-way leaves half a message on the wire: nothing after it can be framed.
            Break("a command was cancelled while it was being written", e);
            throw;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            Break($"writing to the QMP socket failed: {e.Message}", e);
            lock (_gate)
            {
                throw BrokenException_NeedsLock();
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }
}
