using Nines.Domain;
using Nines.Domain.Diagnostics;
using Nines.Domain.Scenarios;
using Nines.Scenarios.Yaml;
using YamlDotNet.RepresentationModel;

namespace Nines.Scenarios.Native.Reading;

/// <summary>What every part of the reader shares: the file name, the diagnostics of this pass and the source map.</summary>
internal sealed partial class NativeReadContext(string file, DiagnosticBag diagnostics, SourceMap map)
{
    public string File { get; } = file;

    public DiagnosticBag Diagnostics { get; } = diagnostics;

    public SourceMap Map { get; } = map;

    public SourceLocation At(YamlNode node) => YamlNodes.Locate(File, node);

    public void Error(string code, YamlNode node, string field, string message) =>
        Diagnostics.Error(code, At(node), field, message);

    /// <summary>Remembers where <paramref name="item"/> was written and returns it.</summary>
    public T Record<T>(T item, YamlNode node)
        where T : class
    {
        Map.Record(item, At(node));
        return item;
    }

    /// <summary>A plain <c>~</c>, <c>null</c> or nothing: YAML's null, which the format reads as "unset".</summary>
    public static bool IsNull(YamlNode node) => YamlNodes.IsNull(node);

    /// <summary>The kind of node, for "expected X, found Y" messages.</summary>
    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode scalar => $"the value \"{scalar.Value}\"",
        _ => "an unsupported node",
    };

    /// <summary>Opens <paramref name="node"/> as a mapping with the given keys, or reports it and returns null.</summary>
    public NativeMapping? Mapping(YamlNode node, string path, string what, IReadOnlyList<string> allowedKeys)
    {
        if (node is not YamlMappingNode mapping)
        {
            Error(NativeDiagnosticCodes.WrongType, node, path, $"expected {what} (a mapping), found {Describe(node)}");
            return null;
        }

        return new NativeMapping(this, mapping, path, what, allowedKeys);
    }

    /// <summary>Reads each item of a list; items that fail are reported by <paramref name="readItem"/> and left out.</summary>
    public ValueList<T> List<T>(YamlNode node, string path, Func<YamlNode, string, T?> readItem)
        where T : class
    {
        if (IsNull(node))
        {
            return ValueList<T>.Empty;
        }

        if (node is not YamlSequenceNode sequence)
        {
            Error(NativeDiagnosticCodes.WrongType, node, path, $"expected a list, found {Describe(node)}");
            return ValueList<T>.Empty;
        }

        var items = new List<T>(sequence.Children.Count);
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            if (readItem(sequence.Children[i], $"{path}[{i}]") is { } item)
            {
                items.Add(item);
            }
        }

        return items;
    }

    /// <summary>The text of a scalar, or null (reported) when the node is a mapping or list.</summary>
    public string? Scalar(YamlNode node, string path, string expected)
    {
        if (node is YamlScalarNode scalar)
        {
            return scalar.Value ?? string.Empty;
        }

        Error(NativeDiagnosticCodes.WrongType, node, path, $"expected {expected}, found {Describe(node)}");
        return null;
    }
}
