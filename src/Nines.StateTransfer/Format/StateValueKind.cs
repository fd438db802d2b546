namespace Nines.StateTransfer.Format;

/// <summary>The wire type of a field. Numbers are always 8 bytes big-endian, whatever the CPU.</summary>
public enum StateValueKind : byte
{
    /// <summary>An unsigned 64-bit integer.</summary>
    UInt64 = 1,

    /// <summary>A signed 64-bit integer (two's complement).</summary>
    Int64 = 2,

    /// <summary>UTF-8 text, 32-bit length first.</summary>
    String = 3,

    /// <summary>Opaque bytes, 32-bit length first (addresses, keys).</summary>
    Bytes = 4,
}
