using System.Globalization;
using Nines.Scenarios.Yaml;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Nines.Scenarios.Native.Writing;

/// <summary>
/// A thin layer over YamlDotNet's emitter that writes keys and values the way the native format wants
/// them: strings quoted whenever a YAML reader could take them for something else, nothing folded.
/// </summary>
internal sealed partial class NativeYamlOut
{
    private readonly Emitter _emitter;

    public NativeYamlOut(TextWriter output)
    {
        // No line folding (best width is unlimited) so a long command stays on one line and reads back exactly.
        var settings = new EmitterSettings()
            .WithBestIndent(2)
            .WithBestWidth(int.MaxValue)
            .WithIndentedSequences()
            .WithNewLine("\n");
        _emitter = new Emitter(output, settings);
    }

    public void BeginDocument()
    {
        _emitter.Emit(new StreamStart());
        _emitter.Emit(new DocumentStart(null, null, true));
    }

    public void EndDocument()
    {
        _emitter.Emit(new DocumentEnd(true));
        _emitter.Emit(new StreamEnd());
    }

    public void BeginMapping(bool flow = false) =>
        _emitter.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, true, flow ? MappingStyle.Flow : MappingStyle.Block));

    public void EndMapping() => _emitter.Emit(new MappingEnd());

    public void BeginSequence(bool flow = false) =>
        _emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, true, flow ? SequenceStyle.Flow : SequenceStyle.Block));

    public void EndSequence() => _emitter.Emit(new SequenceEnd());

    /// <summary>A key (always a plain snake_case name of the schema).</summary>
    public void Key(string key) => Plain(key);

    public void String(string value) =>
        _emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, value, NeedsQuotes(value) ? ScalarStyle.DoubleQuoted : ScalarStyle.Plain, true, true));

    public void Number(long value) => Plain(value.ToString(CultureInfo.InvariantCulture));

    public void Boolean(bool value) => Plain(value ? "true" : "false");

    /// <summary>A value known to be plain-safe: a number, a size, an enum name.</summary>
    public void Plain(string value) =>
        _emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, value, ScalarStyle.Plain, true, false));

    /// <summary>
    /// True when a plain scalar would not read back as this exact string in every YAML reader: empty,
    /// surrounding spaces, control or line-break characters, or text a YAML 1.1/1.2 resolver takes for a
    /// null, a boolean, a number or a date. Syntax characters (<c>: #</c>, quotes…) are left to the
    /// emitter, which quotes a scalar whenever plain style would change its meaning.
    /// </summary>
    public static bool NeedsQuotes(string value) =>
        value.Length == 0
        || char.IsWhiteSpace(value[0])
        || char.IsWhiteSpace(value[^1])
        || value.Any(c => char.IsControl(c) || c is '\u2028' or '\u2029' or '\uFEFF' || char.IsSurrogate(c))
        || YamlPlainText.ReadsAsNonString(value);
}
