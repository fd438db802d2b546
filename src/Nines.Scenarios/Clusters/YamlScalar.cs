using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Nines.Scenarios.Clusters;

/// <summary>Writes a string as a YAML scalar that every YAML reader reads back as that same string.</summary>
internal static partial class YamlScalar
{
    /// <summary>
    /// Plain when that is unambiguous (names, host names, interfaces), otherwise double-quoted: values a
    /// YAML reader would take for a number, boolean or null, or that contain YAML punctuation, are quoted.
    /// </summary>
    public static string Quote(string value) => IsPlainSafe(value) ? value : DoubleQuoted(value);

    private static bool IsPlainSafe(string value) =>
        (value.Length > 0
            && char.IsAsciiLetter(value[0])
            && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '/')
            && !IsReserved(value))
        || DottedAddress().IsMatch(value);

    // An IPv4 address or prefix: two or more dots make it no YAML number, date or sexagesimal.
    [GeneratedRegex(@"^[0-9]{1,3}(\.[0-9]{1,3}){2,}(/[0-9]{1,2})?$")]
    private static partial Regex DottedAddress();

    // YAML 1.1 booleans and nulls (YamlDotNet and PyYAML resolve these), and numbers like "1e3" or ".inf".
    private static bool IsReserved(string value) =>
        value.ToLowerInvariant() is "true" or "false" or "yes" or "no" or "on" or "off" or "y" or "n" or "null" or "nan" or "inf"
        || double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static string DoubleQuoted(string value)
    {
        var quoted = new StringBuilder("\"");
        foreach (var c in value)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\u{(int)c:X4}",
                _ => c.ToString(),
            });
        }

        return quoted.Append('"').ToString();
    }
}
