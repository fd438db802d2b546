using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Xml;
using System.Xml.Linq;
using Nines.Domain.Diagnostics;
using Nines.Scenarios.Values;
using Nines.Scenarios.Xml;

namespace Nines.Scenarios.Vnuml;

/// <summary>Attribute, text and child helpers: each reports what is wrong and lets the pass go on.</summary>
internal sealed partial class VnumlDocumentReader
{
    private SourceLocation At(XObject node) => SafeXml.Locate(node, _file);

    /// <summary>The element's name; a namespaced element keeps its namespace, so it never passes for a VNUML one.</summary>
    private static string NameOf(XElement element) =>
        element.Name.Namespace == XNamespace.None ? element.Name.LocalName : element.Name.ToString();

    /// <summary>
    /// The attribute as written in the element's tag. An attribute a DTD's ATTLIST supplied as a default is
    /// not "written": the parser positions it at the declaration, before the element. Treating it as unset
    /// keeps inheritance from vm_defaults working and avoids reporting a mask nobody wrote.
    /// </summary>
    private static XAttribute? Written(XElement element, string name)
    {
        var attribute = element.Attribute(name);
        return attribute is not null && IsWritten(attribute) ? attribute : null;
    }

    private static bool IsWritten(XAttribute attribute)
    {
        IXmlLineInfo position = attribute;
        IXmlLineInfo owner = attribute.Parent!;
        return !position.HasLineInfo() || !owner.HasLineInfo()
            || (position.LineNumber, position.LinePosition).CompareTo((owner.LineNumber, owner.LinePosition)) > 0;
    }

    /// <summary>The attribute's trimmed value; absent and empty (<c>sock=""</c>) both mean unset.</summary>
    private static string? Optional(XElement element, string name)
    {
        var value = Written(element, name)?.Value.Trim();
        return string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>The attribute's value, or null after reporting that it is missing or empty.</summary>
    private string? Required(XElement element, string name, VnumlScope scope)
    {
        var attribute = Written(element, name);
        var value = attribute?.Value.Trim();
        if (!string.IsNullOrEmpty(value))
        {
            return value;
        }

        var message = attribute is null
            ? $"<{NameOf(element)}> is missing the required attribute {name}"
            : $"<{NameOf(element)}> has an empty {name} attribute (empty means unset, and {name} is required)";
        _bag.Error(VnumlDiagnosticCodes.MissingAttribute, At((XObject?)attribute ?? element), scope.AttributeField(name), scope.Say(message));
        return null;
    }

    /// <summary>
    /// The value of a closed-set attribute. False when it is unset (reported if <paramref name="required"/>)
    /// or not one of <paramref name="choices"/> (always reported).
    /// </summary>
    private bool TryChoice<T>(
        XElement element, string name, FrozenDictionary<string, T> choices, VnumlScope scope, bool required, [MaybeNullWhen(false)] out T value)
    {
        value = default;
        var text = required ? Required(element, name, scope) : Optional(element, name);
        if (text is null)
        {
            return false;
        }

        if (choices.TryGetValue(text, out value))
        {
            return true;
        }

        _bag.Error(
            VnumlDiagnosticCodes.InvalidEnum,
            At(element.Attribute(name)!),
            scope.AttributeField(name),
            scope.Say($"<{NameOf(element)}> {name} \"{text}\" is not valid (expected {VnumlChoices.Describe(choices)})"));
        return false;
    }

    /// <summary>A whole-number attribute in [<paramref name="min"/>, <paramref name="max"/>]; null when unset or reported.</summary>
    private int? Number(XElement element, string name, int min, int max, VnumlScope scope, bool required = false)
    {
        var text = required ? Required(element, name, scope) : Optional(element, name);
        if (text is null)
        {
            return null;
        }

        if (DecimalText.TryParseNatural(text, out int value) && value >= min && value <= max)
        {
            return value;
        }

        var range = max == int.MaxValue ? $"a whole number of at least {min}" : $"a whole number from {min} to {max}";
        _bag.Error(
            VnumlDiagnosticCodes.InvalidNumber,
            At(element.Attribute(name)!),
            scope.AttributeField(name),
            scope.Say($"<{NameOf(element)}> {name} \"{text}\" is not valid (expected {range})"));
        return null;
    }

    /// <summary>The element's trimmed text, or null after reporting it empty; <paramref name="expected"/> says what belongs there.</summary>
    private string? RequiredText(XElement element, VnumlScope scope, string expected)
    {
        var text = element.Value.Trim();
        if (text.Length > 0)
        {
            return text;
        }

        _bag.Error(
            VnumlDiagnosticCodes.MissingElement,
            At(element),
            scope.Field(NameOf(element)),
            scope.Say($"<{NameOf(element)}> is empty (expected {expected})"));
        return null;
    }

    /// <summary>True the first time <paramref name="child"/>'s name is seen; a repeat is reported (the first one wins).</summary>
    private bool First(HashSet<string> seen, XElement child, string parent, VnumlScope scope)
    {
        if (seen.Add(NameOf(child)))
        {
            return true;
        }

        _bag.Error(
            VnumlDiagnosticCodes.DuplicateElement,
            At(child),
            scope.Field(NameOf(child)),
            scope.Say($"<{NameOf(child)}> appears more than once in <{parent}> (at most one is allowed)"));
        return false;
    }

    /// <summary>
    /// A child the caller does not read: a VNUML element Nines ignores or an unknown element is a warning;
    /// a VNUML element in a place VNUML does not allow it is an error.
    /// </summary>
    private void Unexpected(XElement child, string parent, VnumlScope scope)
    {
        var name = NameOf(child);
        var field = scope.Field(name);
        if (VnumlSchema.IsIgnoredChild(parent, name))
        {
            _bag.Warning(VnumlDiagnosticCodes.IgnoredFeature, At(child), field, scope.Say($"<{name}> in <{parent}> is not used by Nines; ignored"));
        }
        else if (VnumlSchema.Elements.Contains(name))
        {
            _bag.Error(VnumlDiagnosticCodes.MisplacedElement, At(child), field, scope.Say($"<{name}> is not allowed in <{parent}>"));
        }
        else
        {
            _bag.Warning(
                VnumlDiagnosticCodes.UnknownElement,
                At(child),
                field,
                scope.Say($"unknown element <{name}> in <{parent}> (not part of VNUML 1.8/1.91); ignored"));
        }
    }

    /// <summary>
    /// Warns about attributes VNUML does not define or Nines does not use, on every element the reader
    /// walks into (not below an ignored or unknown element, which is reported whole); namespaced attributes (<c>xmlns</c>, <c>xsi:</c>) are not VNUML's and are skipped.
    /// </summary>
    private void CheckAttributes(XElement element, string parent)
    {
        var name = NameOf(element);
        if (!VnumlSchema.Elements.Contains(name) || VnumlSchema.IsIgnoredChild(parent, name))
        {
            return;
        }

        foreach (var attribute in element.Attributes())
        {
            if (attribute.IsNamespaceDeclaration || attribute.Name.Namespace != XNamespace.None || !IsWritten(attribute))
            {
                continue;
            }

            var attributeName = attribute.Name.LocalName;
            if (VnumlSchema.Attributes.TryGetValue(name, out var known) && known.Contains(attributeName))
            {
                continue;
            }

            if (VnumlSchema.IgnoredAttributes.TryGetValue(name, out var ignored) && ignored.Contains(attributeName))
            {
                _bag.Warning(
                    VnumlDiagnosticCodes.IgnoredFeature,
                    At(attribute),
                    $"{name}/@{attributeName}",
                    $"<{name}> attribute {attributeName} is not used by Nines; ignored");
            }
            else
            {
                _bag.Warning(
                    VnumlDiagnosticCodes.UnknownAttribute,
                    At(attribute),
                    $"{name}/@{attributeName}",
                    $"<{name}> has no attribute {attributeName} in VNUML 1.8/1.91; ignored");
            }
        }

        foreach (var child in element.Elements())
        {
            CheckAttributes(child, name);
        }
    }
}
