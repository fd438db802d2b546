using System.Buffers.Binary;
using System.Text;

namespace Nines.StateTransfer.Protocol;

/// <summary>
/// The control protocol's frames, big-endian: a request is <c>op u8 | length u32 | payload</c>, an answer
/// <c>status u8 (0 ok, 1 error: payload is the UTF-8 message) | length u32 | payload</c>. One request at a time per connection.
/// </summary>
internal static class ControlWire
{
    /// <summary>Largest payload either side accepts (a state of millions of records still fits).</summary>
    public const int MaxPayload = 256 * 1024 * 1024;

    public const byte Ok = 0;
    public const byte Error = 1;

    /// <summary>Reads one frame; null at a clean end of stream before the frame's first byte.</summary>
    public static async Task<(byte Code, byte[] Payload)?> ReadFrameAsync(Stream stream, CancellationToken cancellationToken)
    {
        var header = new byte[5];
        var got = await ReadAtLeastAsync(stream, header, cancellationToken).ConfigureAwait(false);
        if (got == 0)
        {
            return null;
        }

        if (got < header.Length)
        {
            throw new EndOfStreamException($"the connection closed inside a frame header ({got} of 5 bytes)");
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(1));
        if (length > MaxPayload)
        {
            throw new InvalidDataException($"frame payload of {length} bytes; at most {MaxPayload}");
        }

        var payload = new byte[length];
        if (await ReadAtLeastAsync(stream, payload, cancellationToken).ConfigureAwait(false) < length)
        {
            throw new EndOfStreamException($"the connection closed inside a frame of {length} bytes");
        }

        return (header[0], payload);
    }

    public static async Task WriteFrameAsync(Stream stream, byte code, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var header = new byte[5];
        header[0] = code;
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(1), (uint)payload.Length);
        await stream.WriteAsync(header, cancellationToken).ConfigureAwait(false);
        await stream.WriteAsync(payload, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public static byte[] EncodeStatus(FunctionStatus status)
    {
        var kind = Encoding.UTF8.GetBytes(status.Kind);
        var detail = Encoding.UTF8.GetBytes(status.Detail.Length > 4096 ? status.Detail[..4096] : status.Detail);
        var buffer = new byte[1 + 8 + 2 + kind.Length + 2 + detail.Length + 8];
        buffer[0] = (byte)status.Phase;
        BinaryPrimitives.WriteUInt64BigEndian(buffer.AsSpan(1), status.Records);
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(9), (ushort)kind.Length);
        kind.CopyTo(buffer, 11);
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(11 + kind.Length), (ushort)detail.Length);
        detail.CopyTo(buffer, 13 + kind.Length);
        BinaryPrimitives.WriteUInt64BigEndian(buffer.AsSpan(13 + kind.Length + detail.Length), status.Generation);
        return buffer;
    }

    public static FunctionStatus DecodeStatus(ReadOnlySpan<byte> payload)
    {
        try
        {
            var phase = (FunctionPhase)payload[0];
            if (phase is not (FunctionPhase.Serving or FunctionPhase.Frozen))
            {
                throw new StateControlException($"status: unknown phase {(byte)phase}");
            }

            var records = BinaryPrimitives.ReadUInt64BigEndian(payload[1..]);
            var kindLength = BinaryPrimitives.ReadUInt16BigEndian(payload[9..]);
            var kind = Encoding.UTF8.GetString(payload.Slice(11, kindLength));
            var detailLength = BinaryPrimitives.ReadUInt16BigEndian(payload[(11 + kindLength)..]);
            var detail = Encoding.UTF8.GetString(payload.Slice(13 + kindLength, detailLength));
            var generation = BinaryPrimitives.ReadUInt64BigEndian(payload.Slice(13 + kindLength + detailLength, 8));
            return new FunctionStatus(kind, phase, records, detail, generation);
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or IndexOutOfRangeException)
        {
            throw new StateControlException($"status: truncated answer of {payload.Length} bytes");
        }
    }

    private static async Task<int> ReadAtLeastAsync(Stream stream, byte[] buffer, CancellationToken cancellationToken) =>
        await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
}
