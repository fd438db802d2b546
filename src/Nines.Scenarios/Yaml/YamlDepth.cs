using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Nines.Scenarios.Yaml;

/// <summary>
/// How deeply mappings and sequences may nest in a file either YAML reader takes. YamlDotNet builds its node tree
/// recursively, so a hostile file nested tens of thousands deep (<c>[[[[…</c>) overflows the stack — and a stack
/// overflow ends the whole process, not one request. The real formats nest a handful of levels; the event parser
/// used to count depth is iterative, so checking before building the tree is safe at any depth.
/// </summary>
internal static class YamlDepth
{
    /// <summary>The deepest nesting of mappings and sequences either format accepts.</summary>
    public const int Max = 64;

    /// <summary>The message for nesting past <see cref="Max"/>.</summary>
    public static string Message => $"mappings and sequences nest more than {Max} levels deep here (no scenario or cluster file needs that many)";

    /// <summary>
    /// Tracks one parse event: returns false at the first collection that opens past <see cref="Max"/> levels.
    /// </summary>
    public static bool Track(ParsingEvent current, ref int depth)
    {
        switch (current)
        {
            case MappingStart or SequenceStart:
                depth++;
                return depth <= Max;
            case MappingEnd or SequenceEnd:
                depth--;
                return true;
            default:
                return true;
        }
    }

    /// <summary>
    /// Where <paramref name="content"/> first nests past <see cref="Max"/> levels, or null when it never does (or when the
    /// YAML is malformed before that: the loader reports the syntax error).
    /// </summary>
    public static Mark? FirstTooDeep(string content)
    {
        var parser = new Parser(new StringReader(content));
        var depth = 0;
        try
        {
            while (parser.MoveNext())
            {
                if (!Track(parser.Current!, ref depth))
                {
                    return parser.Current!.Start;
                }
            }
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException)
        {
            return null;
        }

        return null;
    }
}
