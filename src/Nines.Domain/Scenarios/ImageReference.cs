namespace Nines.Domain.Scenarios;

/// <summary>
/// A guest image as a scenario names it (<c>image:</c>): a name (a path or a catalogue name), optionally pinned to the
/// SHA-256 of its content as <c>name@sha256:&lt;64 lowercase hex digits&gt;</c>. A pinned image is a version: two
/// scenarios that pin different digests run different images even when the name is the same.
/// </summary>
/// <param name="Name">The image's name or path, the part before <c>@</c>.</param>
/// <param name="Digest">The pinned content hash (<c>sha256:…</c>), or null when the image is not pinned.</param>
public sealed record ImageReference(string Name, string? Digest = null)
{
    /// <summary>The only digest algorithm a pin may use.</summary>
    public const string Algorithm = "sha256";

    private const int HexLength = 64;

    /// <summary>The image is pinned to a content hash.</summary>
    public bool IsPinned => Digest is not null;

    /// <summary>The text form a scenario writes: the name, then <c>@digest</c> when pinned.</summary>
    public override string ToString() => Digest is null ? Name : $"{Name}@{Digest}";

    /// <summary>
    /// Reads an <c>image:</c> value. Text whose last <c>@</c> is followed by <c>algorithm:</c> is a pin and must be
    /// <c>sha256:</c> with 64 lowercase hex digits after a non-empty name; any other text is a plain name (a path may
    /// contain <c>@</c>). Returns false with <paramref name="error"/> saying what is wrong.
    /// </summary>
    public static bool TryParse(string text, out ImageReference? reference, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        reference = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "an image needs a name";
            return false;
        }

        var at = text.LastIndexOf('@');
        var colon = at < 0 ? -1 : text.IndexOf(':', at + 1);
        if (colon < 0 || !IsAlgorithmName(text.AsSpan(at + 1, colon - at - 1)))
        {
            reference = new ImageReference(text);
            error = null;
            return true;
        }

        var algorithm = text[(at + 1)..colon];
        var hex = text[(colon + 1)..];
        if (at == 0)
        {
            error = $"the pin \"{text}\" needs an image name before '@'";
        }
        else if (!string.Equals(algorithm, Algorithm, StringComparison.Ordinal))
        {
            error = $"digest algorithm \"{algorithm}\" is not supported (an image is pinned as name@sha256:<64 hex digits>)";
        }
        else if (hex.Length != HexLength || !hex.All(IsLowerHex))
        {
            error = $"a sha256 digest is {HexLength} lowercase hex digits, found \"{hex}\" ({hex.Length} characters)";
        }
        else
        {
            reference = new ImageReference(text[..at], $"{Algorithm}:{hex}");
            error = null;
            return true;
        }

        return false;
    }

    /// <summary>Reads an <c>image:</c> value that is known to be valid (the readers checked it); throws otherwise.</summary>
    public static ImageReference Parse(string text) =>
        TryParse(text, out var reference, out var error) ? reference! : throw new FormatException(error);

    /// <summary>
    /// The file an <c>image:</c> value names: the name of a valid pin, else the text itself. Drivers and host-path
    /// checks take this; the digest never reaches a QEMU option list.
    /// </summary>
    public static string PathOf(string image) =>
        TryParse(image, out var reference, out _) && reference!.IsPinned ? reference.Name : image;

    /// <summary>The digest a pin names for <paramref name="content"/>: <c>sha256:</c> and the lowercase hex hash.</summary>
    public static string DigestOf(ReadOnlySpan<byte> content) =>
        $"{Algorithm}:{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content))}";

    private static bool IsAlgorithmName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsLowerHex(char c) => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f';
}
