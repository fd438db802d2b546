using System.Text.Json;

namespace Nines.Drivers.Qemu.Json;

/// <summary>
/// Splits a byte stream into top-level JSON objects by their boundaries, not by newlines: QEMU happens to end
/// each message with a newline, but nothing in QMP or the guest agent protocol promises it, and a message may
/// arrive in any number of pieces.
/// </summary>
/// <remarks>
/// The tokenizer state is carried between calls, so a large message arriving in many pieces is scanned once,
/// not re-scanned from its start on every read.
/// </remarks>
internal sealed class JsonObjectFramer
{
    private static readonly JsonReaderOptions _readerOptions = new() { CommentHandling = JsonCommentHandling.Disallow };

    private readonly int _maxMessageBytes;
    private byte[] _buffer = new byte[4096];
    private int _start;
    private int _scanned;
    private int _end;
    private JsonReaderState _state = new(_readerOptions);

    /// <param name="maxMessageBytes">Largest message accepted; a peer that sends more is broken, not slow.</param>
    public JsonObjectFramer(int maxMessageBytes = 64 * 1024 * 1024)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessageBytes, 16);
        _maxMessageBytes = maxMessageBytes;
    }

    /// <summary>Bytes received but not yet returned as part of an object.</summary>
    public int BufferedBytes => _end - _start;

    /// <summary>True when nothing but whitespace is buffered, so a close here does not cut a message short.</summary>
    public bool HoldsOnlyWhitespace => _buffer.AsSpan(_start, _end - _start).IndexOfAnyExcept(" \t\r\n"u8) < 0;

    /// <summary>Free space to receive into; call <see cref="Advance"/> with the number of bytes written.</summary>
    public Memory<byte> GetReceiveMemory(int sizeHint = 4096)
    {
        if (_buffer.Length - _end < sizeHint && _start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_buffer.Length - _end < sizeHint)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _end + sizeHint));
        }

        return _buffer.AsMemory(_end);
    }

    /// <summary>Records that <paramref name="count"/> bytes were written into the memory from <see cref="GetReceiveMemory"/>.</summary>
    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _buffer.Length - _end);
        _end += count;
    }

    /// <summary>Returns the next complete top-level object, or false when more bytes are needed.</summary>
    /// <exception cref="JsonException">The bytes are not JSON, a top-level value is not an object, or a message is too large.</exception>
    public bool TryReadObject(out JsonDocument? document)
    {
        document = null;
        var unscanned = _buffer.AsSpan(_start + _scanned, _end - _start - _scanned);
        var reader = new Utf8JsonReader(unscanned, isFinalBlock: false, _state);
        while (reader.Read())
        {
            if (reader.CurrentDepth == 0 && reader.TokenType is not JsonTokenType.StartObject and not JsonTokenType.StartArray)
            {
                if (reader.TokenType != JsonTokenType.EndObject)
                {
                    throw new JsonException($"expected a JSON object at the top level, got {reader.TokenType}");
                }

                var length = _scanned + (int)reader.BytesConsumed;
                document = JsonDocument.Parse(_buffer.AsSpan(_start, length).ToArray());
                _start += length;
                _scanned = 0;
                _state = new JsonReaderState(_readerOptions);
                return true;
            }
        }

        _scanned += (int)reader.BytesConsumed;
        _state = reader.CurrentState;
        if (_end - _start > _maxMessageBytes)
        {
            throw new JsonException($"a message exceeds {_maxMessageBytes} bytes");
        }

        return false;
    }

    /// <summary>
    /// Discards buffered bytes up to and including the first <paramref name="sentinel"/> and forgets any partly
    /// scanned object; when the sentinel is not buffered yet, discards everything and returns false.
    /// </summary>
    public bool TrySkipThroughSentinel(byte sentinel)
    {
        var index = _buffer.AsSpan(_start, _end - _start).IndexOf(sentinel);
        _scanned = 0;
        _state = new JsonReaderState(_readerOptions);
        if (index < 0)
        {
            _start = _end;
            return false;
        }

        _start += index + 1;
        return true;
    }

    /// <summary>Discards everything buffered, for a fresh start after a protocol error.</summary>
    public void Reset()
    {
        _start = _end = _scanned = 0;
        _state = new JsonReaderState(_readerOptions);
    }
}
