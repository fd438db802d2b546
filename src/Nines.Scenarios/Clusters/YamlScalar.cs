using System.Text;
using System.Text.RegularExpressions;
using Nines.Scenarios.Yaml;

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
            && !YamlPlainText.ReadsAsNonString(value))
        || DottedAddress().IsMatch(value);

    // An IPv4 address or prefix: two or more dots make it no YAML number, date or sexagesimal.
    [GeneratedRegex(@"^[0-9]{1,3}(\.[0-9]{1,3}){2,}(/[0-9]{1,2})?$")]
    private static partial Regex DottedAddress();

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
