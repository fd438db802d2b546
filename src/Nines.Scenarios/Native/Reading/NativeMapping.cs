using Nines.Domain;
using YamlDotNet.RepresentationModel;

namespace Nines.Scenarios.Native.Reading;

/// <summary>
/// One YAML mapping read against the keys the schema allows there. Opening it reports every unknown
/// key; each getter reports what is wrong with its own value and returns null, so a whole file's
/// mistakes come out of one pass.
/// </summary>
internal sealed class NativeMapping
{
    private readonly NativeReadContext _context;
    private readonly Dictionary<string, (YamlNode Key, YamlNode Value)> _entries = new(StringComparer.Ordinal);
    private readonly string _what;

    public NativeMapping(NativeReadContext context, YamlMappingNode node, string path, string what, IReadOnlyList<string> allowedKeys)
    {
        _context = context;
        _what = what;
        Node = node;
        Path = path;
        foreach (var (keyNode, valueNode) in node.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key })
            {
                context.Error(NativeDiagnosticCodes.WrongType, keyNode, path, $"keys of {what} must be plain names, found {NativeReadContext.Describe(keyNode)}");
                continue;
            }

            if (!allowedKeys.Contains(key, StringComparer.Ordinal))
            {
                context.Error(NativeDiagnosticCodes.UnknownKey, keyNode, ChildPath(key),
                    $"unknown key \"{key}\" in {what} (allowed: {string.Join(", ", allowedKeys)})");
                continue;
            }

            _entries[key] = (keyNode, valueNode);
        }
    }

    public YamlMappingNode Node { get; }

    /// <summary>Where this mapping sits in the document, e.g. <c>vms[0].interfaces[1]</c>.</summary>
    public string Path { get; }

    public NativeReadContext Context => _context;

    public string ChildPath(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    public bool Has(string key) => _entries.ContainsKey(key);

    /// <summary>The value of <paramref name="key"/>, or null when it is absent or YAML null.</summary>
    public YamlNode? Get(string key) =>
        _entries.TryGetValue(key, out var entry) && !NativeReadContext.IsNull(entry.Value) ? entry.Value : null;

    /// <summary>Like <see cref="Get"/>, but an absent or null value is reported as missing.</summary>
    public YamlNode? Require(string key)
    {
        if (Get(key) is { } value)
        {
            return value;
        }

        if (_entries.TryGetValue(key, out var entry))
        {
            _context.Error(NativeDiagnosticCodes.MissingKey, entry.Key, ChildPath(key), $"key \"{key}\" of {_what} needs a value");
        }
        else
        {
            _context.Error(NativeDiagnosticCodes.MissingKey, Node, ChildPath(key), $"{_what} is missing the required key \"{key}\"");
        }

        return null;
    }

    public T? Read<T>(string key, Func<YamlNode, string, T?> read)
        where T : class =>
        Get(key) is { } node ? read(node, ChildPath(key)) : null;

    public T? ReadRequired<T>(string key, Func<YamlNode, string, T?> read)
        where T : class =>
        Require(key) is { } node ? read(node, ChildPath(key)) : null;

    public T? ReadValue<T>(string key, Func<YamlNode, string, T?> read)
        where T : struct =>
        Get(key) is { } node ? read(node, ChildPath(key)) : null;

    public T? ReadRequiredValue<T>(string key, Func<YamlNode, string, T?> read)
        where T : struct =>
        Require(key) is { } node ? read(node, ChildPath(key)) : null;

    public string? String(string key) => Read(key, _context.String);

    public string? RequiredString(string key) => ReadRequired(key, _context.String);

    public int? Int(string key, int min = int.MinValue, int max = int.MaxValue) =>
        ReadValue(key, (node, path) => (int?)_context.Integer(node, path, min, max));

    public int? RequiredInt(string key, int min = int.MinValue, int max = int.MaxValue) =>
        ReadRequiredValue(key, (node, path) => (int?)_context.Integer(node, path, min, max));

    public long? Long(string key, long min = long.MinValue, long max = long.MaxValue) =>
        ReadValue(key, (node, path) => _context.Integer(node, path, min, max));

    public bool? Bool(string key) => ReadValue(key, _context.Boolean);

    public T? Enum<T>(string key, NativeNameTable<T> names)
        where T : struct =>
        ReadValue(key, (node, path) => _context.Enum(node, path, names));

    public T? RequiredEnum<T>(string key, NativeNameTable<T> names)
        where T : struct =>
        ReadRequiredValue(key, (node, path) => _context.Enum(node, path, names));

    public ValueList<T> List<T>(string key, Func<YamlNode, string, T?> readItem)
        where T : class =>
        _entries.TryGetValue(key, out var entry) ? _context.List(entry.Value, ChildPath(key), readItem) : ValueList<T>.Empty;

    /// <summary>A list of strings; a null item is reported rather than read as the text "null".</summary>
    public ValueList<string> Strings(string key) => List(key, (node, path) =>
    {
        if (NativeReadContext.IsNull(node))
        {
            _context.Error(NativeDiagnosticCodes.WrongType, node, path, "expected a string, found an empty (null) item");
            return null;
        }

        return _context.String(node, path);
    });
}
