using Nines.Domain.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Nines.Scenarios.Yaml;

/// <summary>What both YAML readers (native scenarios and native clusters) need to know about nodes and errors.</summary>
internal static class YamlNodes
{
    /// <summary>A plain <c>~</c>, <c>null</c> or nothing: YAML's null, which the formats read as "unset".</summary>
    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    /// <summary>Where a YAML mark is; YamlDotNet reports 0 for positions it does not know, which we show as 1.</summary>
    public static SourceLocation Locate(string file, Mark mark) =>
        new(file, (int)Math.Max(mark.Line, 1), (int)Math.Max(mark.Column, 1));

    /// <summary>Where a node starts.</summary>
    public static SourceLocation Locate(string file, YamlNode node) => Locate(file, node.Start);

    /// <summary>
    /// YamlDotNet's message made to read like ours: the position prefix dropped (the diagnostic carries it),
    /// lower-case start, no final period.
    /// </summary>
    public static string Describe(YamlException ex)
    {
        var message = ex.InnerException is YamlException inner && ex.Message.StartsWith("(Line", StringComparison.Ordinal)
            ? inner.Message
            : ex.Message;

        // "(Line: n, Col: m, Idx: i) - (Line: …): message"
        var at = message.LastIndexOf("): ", StringComparison.Ordinal);
        if (message.StartsWith("(Line", StringComparison.Ordinal) && at > 0)
        {
            message = message[(at + 3)..];
        }

        message = message.TrimEnd('.');
        return message.Length == 0 ? "malformed YAML" : char.ToLowerInvariant(message[0]) + message[1..];
    }
}
