using System.Globalization;
using System.Text.RegularExpressions;

namespace Nines.Api.Auth;

/// <summary>
/// A token's lifetime as people write it (<c>30d</c>, <c>12h</c>, <c>90m</c>, <c>2w</c>, <c>never</c>), and the names a
/// token may have; the API and the CLI read both the same way.
/// </summary>
public static partial class TokenLifetime
{
    /// <summary>The word for a token that never expires.</summary>
    public const string Never = "never";

    /// <summary>
    /// Reads <paramref name="text"/>: true with the lifetime (null for <c>never</c>), or false with what is wrong in
    /// <paramref name="error"/>.
    /// </summary>
    public static bool TryParse(string text, out TimeSpan? lifetime, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        lifetime = null;
        error = string.Empty;
        if (text == Never)
        {
            return true;
        }

        var match = DurationPattern().Match(text);
        if (!match.Success || !long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            error = $"\"{text}\" is not a lifetime (expected a number and a unit, m h d w, such as 30d or 12h, or \"{Never}\")";
            return false;
        }

        var unit = match.Groups[2].Value[0] switch
        {
            'm' => TimeSpan.FromMinutes(1),
            'h' => TimeSpan.FromHours(1),
            'd' => TimeSpan.FromDays(1),
            _ => TimeSpan.FromDays(7),
        };
        if (amount < 1 || amount > TokenService.MaxLifetime / unit)
        {
            error = $"\"{text}\" is out of range (expected at least 1{match.Groups[2].Value} and at most {TokenService.MaxLifetime.TotalDays} days, or \"{Never}\")";
            return false;
        }

        lifetime = unit * amount;
        return true;
    }

    /// <summary>True when <paramref name="name"/> is a valid token name.</summary>
    public static bool IsValidName(string? name) => name is not null && NamePattern().IsMatch(name);

    [GeneratedRegex(@"\A([0-9]{1,7})([mhdw])\z", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();

    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9._ -]{0,62}\z", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
