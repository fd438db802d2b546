namespace Nines.Images.Kernel;

/// <summary>
/// Finds xz streams inside a bzImage. The Debian kernel's compressed payload is an xz stream that starts
/// somewhere after the real-mode setup code; its header magic (FD 37 7A 58 5A 00) is the only reliable
/// landmark, so every occurrence is a candidate and the caller keeps the first that decompresses to an ELF.
/// </summary>
internal static class XzPayloadLocator
{
    /// <summary>The xz stream header magic.</summary>
    public static ReadOnlySpan<byte> Magic => [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00];

    /// <summary>Every offset in <paramref name="data"/> where the xz magic starts, in increasing order.</summary>
    public static IReadOnlyList<int> FindAll(ReadOnlySpan<byte> data)
    {
        var offsets = new List<int>();
        var start = 0;
        while (start <= data.Length - Magic.Length)
        {
            var found = data[start..].IndexOf(Magic);
            if (found < 0)
            {
                break;
            }

            offsets.Add(start + found);
            start += found + 1;
        }

        return offsets;
    }
}
