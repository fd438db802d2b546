using System.Net.Sockets;
using System.Text.Json;

namespace Nines.Drivers.Qemu.Json;

/// <summary>
/// A Unix domain stream socket carrying JSON objects both ways, as QMP and the guest agent do. It does not
/// serialize callers: the protocol clients decide who may read and write when.
/// </summary>
internal sealed class JsonSocketStream : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly JsonObjectFramer _framer;

    private JsonSocketStream(Socket socket, int maxMessageBytes)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _framer = new JsonObjectFramer(maxMessageBytes);
    }

    /// <summary>Connects to the Unix socket at <paramref name="path"/>.</summary>
    /// <exception cref="SocketException">Nobody listens there, or the path does not exist.</exception>
    public static async Task<JsonSocketStream> ConnectAsync(string path, int maxMessageBytes, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken).ConfigureAwait(false);
            return new JsonSocketStream(socket, maxMessageBytes);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Reads the next object; null when the peer closed the connection cleanly between objects.</summary>
    /// <exception cref="JsonException">The peer sent something that is not a JSON object.</exception>
    /// <exception cref="EndOfStreamException">The peer closed the connection in the middle of an object.</exception>
    public async Task<JsonDocument?> ReadObjectAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_framer.TryReadObject(out var document))
            {
                return document;
            }

            if (!await ReceiveAsync(cancellationToken).ConfigureAwait(false))
            {
                return _framer.HoldsOnlyWhitespace
                    ? null
                    : throw new EndOfStreamException($"the connection closed in the middle of a message ({_framer.BufferedBytes} bytes unread)");
            }
        }
    }

    /// <summary>Discards incoming bytes up to and including <paramref name="sentinel"/>; false when the connection closed first.</summary>
    public async Task<bool> SkipThroughSentinelAsync(byte sentinel, CancellationToken cancellationToken)
    {
        while (!_framer.TrySkipThroughSentinel(sentinel))
        {
            if (!await ReceiveAsync(cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Writes raw bytes; a message cut short by cancellation leaves the stream unusable.</summary>
    public ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) =>
        _stream.WriteAsync(bytes, cancellationToken);

    /// <summary>
    /// Writes <paramref name="bytes"/> with <paramref name="descriptor"/> attached (<c>SCM_RIGHTS</c>) to their first byte:
    /// the peer receives its own copy of the open file along with the message.
    /// </summary>
    public async ValueTask WriteWithDescriptorAsync(ReadOnlyMemory<byte> bytes, System.Runtime.InteropServices.SafeHandle descriptor, CancellationToken cancellationToken)
    {
        var sent = UnixRights.Send(_socket, bytes.Span, descriptor);
        if (sent < bytes.Length)
        {
            await _stream.WriteAsync(bytes[sent..], cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Forgets everything received but not yet returned.</summary>
    public void DiscardBuffered() => _framer.Reset();

    /// <summary>Closes the socket at once, which also ends any read or write in progress.</summary>
    public void Abort()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already disconnected: nothing left to shut down.
        }
        catch (ObjectDisposedException)
        {
            // Already closed.
        }

        _stream.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Abort();
        return ValueTask.CompletedTask;
    }

    private async Task<bool> ReceiveAsync(CancellationToken cancellationToken)
    {
        var read = await _stream.ReadAsync(_framer.GetReceiveMemory(), cancellationToken).ConfigureAwait(false);
        _framer.Advance(read);
        return read > 0;
    }
}
