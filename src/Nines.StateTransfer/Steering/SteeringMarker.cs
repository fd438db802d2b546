using System.Buffers.Binary;

namespace Nines.StateTransfer.Steering;

/// <summary>
/// The datagram a steering point sends down each steered port when it starts holding traffic: <c>"N9STEER!" | token u64</c>.
/// Everything the function received on that port before it was sent before it, so a function that has processed
/// the marker on every port has finished its in-flight work. A function never forwards a marker.
/// </summary>
public static class SteeringMarker
{
    /// <summary>A marker's length in bytes.</summary>
    public const int Length = 16;

    private static ReadOnlySpan<byte> Magic => "N9STEER!"u8;

    /// <summary>Writes the marker for <paramref name="token"/> into the first <see cref="Length"/> bytes.</summary>
    public static void Write(Span<byte> destination, ulong token)
    {
        Magic.CopyTo(destination);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], token);
    }

    /// <summary>A new marker datagram.</summary>
    public static byte[] Create(ulong token)
    {
        var bytes = new byte[Length];
        Write(bytes, token);
        return bytes;
    }

    /// <summary>Whether <paramref name="datagram"/> is a marker, and its token.</summary>
    public static bool TryRead(ReadOnlySpan<byte> datagram, out ulong token)
    {
        token = 0;
        if (datagram.Length != Length || !datagram[..8].SequenceEqual(Magic))
        {
            return false;
        }

        token = BinaryPrimitives.ReadUInt64BigEndian(datagram[8..]);
        return true;
    }
}
