using Nines.Domain.Diagnostics;
using Nines.Domain.Scenarios;
using Nines.Scenarios.Vnuml;

namespace Nines.Scenarios.Tests.Vnuml;

/// <summary>Shared helpers: read inline XML or a fixture, and show diagnostics as their one-line form.</summary>
internal static class VnumlTestInput
{
    public const string File = "test.xml";

    public static ParseResult<ScenarioDocument> Read(string xml) => VnumlReader.Read(xml, File);

    public static string FixturePath(string name) => Path.Combine(AppContext.BaseDirectory, "data", "vnuml", name);

    public static ParseResult<ScenarioDocument> ReadFixture(string name) =>
        VnumlReader.Read(System.IO.File.ReadAllText(FixturePath(name)), name);

    /// <summary>Every diagnostic as <c>file:line:col: error CODE: field: message</c>, in file order.</summary>
    public static string[] Lines(ParseResult<ScenarioDocument> result) => [.. result.Diagnostics.Select(d => d.ToString())];

    /// <summary>A minimal valid document around <paramref name="body"/> (placed after &lt;global&gt;).</summary>
    public static string Wrap(string body) =>
        "<vnuml>\n<global><version>1.91</version><scenario_name>s</scenario_name></global>\n" + body + "\n</vnuml>";
}
