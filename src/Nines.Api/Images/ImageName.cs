using System.Text.RegularExpressions;

namespace Nines.Api.Images;

/// <summary>
/// Names of uploaded images and the formats they may have: a name is one path component (no <c>/</c>, no <c>..</c>,
/// no leading dot, so never a temporary upload or a hidden file), at most 128 characters.
/// </summary>
internal static partial class ImageName
{
    public const string Raw = "raw";
    public const string Qcow2 = "qcow2";

    public const string Rule = "expected 1-128 of A-Z a-z 0-9 . _ -, starting with a letter or digit, without \"..\"";

    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name) && !name.Contains("..", StringComparison.Ordinal);

    public static bool IsFormat(string? format) => format is Raw or Qcow2;

    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9._-]{0,127}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
