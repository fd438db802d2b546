using System.Text.RegularExpressions;

namespace Nines.Scenarios.Yaml;

/// <summary>Which strings a YAML 1.1 or 1.2 reader would not read back as a string if written plain.</summary>
internal static partial class YamlPlainText
{
    /// <summary>
    /// True for text a resolver takes for a null, a boolean, a number or a date: both YAML writers quote
    /// these, whatever else they decide about punctuation.
    /// </summary>
    public static bool ReadsAsNonString(string value) => ReservedWord().IsMatch(value) || NumberLike().IsMatch(value);

    [GeneratedRegex("^(~|null|true|false|yes|no|on|off|y|n)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ReservedWord();

    // YAML 1.1 and 1.2 integers (decimal, 0x, 0o, 0b, old octal, base-60 "1:30"), floats, .inf/.nan and dates.
    [GeneratedRegex(
        @"^([-+]?([0-9][0-9_]*|0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+|[1-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?"
        + @"|([0-9][0-9_]*)?\.[0-9_]*([eE][-+]?[0-9]+)?|[0-9][0-9_]*[eE][-+]?[0-9]+|\.(inf|Inf|INF))"
        + @"|\.(nan|NaN|NAN)|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}.*)$",
        RegexOptions.CultureInvariant)]
    private static partial Regex NumberLike();
}
