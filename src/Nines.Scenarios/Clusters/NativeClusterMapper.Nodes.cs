using System.Globalization;
using Nines.Domain.Diagnostics;
using Nines.Scenarios.Yaml;
using YamlDotNet.RepresentationModel;

namespace Nines.Scenarios.Clusters;

/// <summary>Typed access to YAML nodes: each helper reports a wrong shape or value at the node's position.</summary>
internal sealed partial class NativeClusterMapper
{
    /// <summary>The mapping's values by key, or null (reported) when the node is not a mapping; unknown keys are reported.</summary>
    private Dictionary<string, YamlNode>? Mapping(YamlNode node, string field, string[] known)
    {
        if (node is not YamlMappingNode mapping)
        {
            WrongShape(node, field, $"a mapping with keys {string.Join(", ", known)}");
            return null;
        }

        var values = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in mapping.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value;
            if (key is null || !known.Contains(key, StringComparer.Ordinal))
            {
                var shown = key ?? keyNode.NodeType.ToString().ToLowerInvariant();
                _diagnostics.Error(ClusterCodes.UnknownKey, Locate(keyNode), field, $"unknown key \"{shown}\" (expected one of: {string.Join(", ", known)})");
                continue;
            }

            values[key] = value;
        }

        return values;
    }

    /// <summary>The text of a scalar; null (reported) for a list or mapping.</summary>
    private string? Scalar(YamlNode node, string field, string expected)
    {
        if (node is YamlScalarNode { Value: { } value })
        {
            return value;
        }

        WrongShape(node, field, expected);
        return null;
    }

    /// <summary>A string that may be left empty (<c>~</c>, <c>null</c> or nothing), which means unset.</summary>
    private string? OptionalString(YamlNode node, string field)
    {
        var text = Scalar(node, field, "a string");
        return text is null || IsNull(node) || text.Trim().Length == 0 ? null : text;
    }

    private int? Integer(YamlNode node, string field, string expected, int minimum)
    {
        if (Scalar(node, field, expected) is not { } text)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            _diagnostics.Error(ClusterCodes.NotAnInteger, Locate(node), field, $"\"{text}\" is not a whole number (expected {expected})");
            return null;
        }

        if (value < minimum)
        {
            _diagnostics.Error(ClusterCodes.NotAnInteger, Locate(node), field, $"{value} is out of range (expected {expected})");
            return null;
        }

        return value;
    }

    private T? MissingKey<T>(YamlNode parent, string field, string expected)
    {
        _diagnostics.Error(ClusterCodes.Missing, Locate(parent), field, $"{field} is missing (expected {expected})");
        return default;
    }

    private void WrongShape(YamlNode node, string field, string expected)
    {
        var actual = node switch
        {
            YamlMappingNode => "a mapping",
            YamlSequenceNode => "a list",
            _ when IsNull(node) => "empty",
            _ => "a scalar",
        };
        _diagnostics.Error(ClusterCodes.WrongShape, Locate(node), field, $"{field} is {actual} (expected {expected})");
    }

    private static bool IsNull(YamlNode node) => YamlNodes.IsNull(node);

    private SourceLocation Locate(YamlNode node) => YamlNodes.Locate(_file, node);
}
