using System.Xml.Linq;
using Nines.Domain;
using Nines.Domain.Scenarios;

namespace Nines.Scenarios.Ovf;

/// <summary>ProductSection properties: the values an appliance lets a deployment set (hostname, addresses, …).</summary>
internal sealed partial class OvfEnvelopeReader
{
    private ValueList<PropertySpec> ReadProperties(XElement system, string vm)
    {
        var properties = new List<PropertySpec>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var section in system.Elements(_ovf + "ProductSection"))
        {
            var productClass = Attribute(section, "class");
            var instance = Attribute(section, "instance");
            foreach (var property in section.Elements(_ovf + "Property"))
            {
                if (ReadProperty(property, vm, productClass, instance) is not { } spec)
                {
                    continue;
                }

                if (!keys.Add(spec.Key))
                {
                    Error(OvfCodes.Duplicate, AttributeNode(property, "key"), $"vm[{vm}]/Property[{spec.Key}]",
                        $"property \"{spec.Key}\" is declared twice (expected unique keys; ProductSections are told apart by ovf:class and ovf:instance)");
                    continue;
                }

                _map.Record(spec, Locate(property));
                properties.Add(spec);
            }
        }

        return ValueList.From(properties);
    }

    private PropertySpec? ReadProperty(XElement property, string vm, string? productClass, string? instance)
    {
        var key = Attribute(property, "key");
        if (key is null)
        {
            Error(OvfCodes.MissingValue, property, $"vm[{vm}]/Property/key", "Property has no ovf:key (expected the key a deployment sets it by)");
            return null;
        }

        // OVF names a property by its fully qualified key, [class.]key[.instance], in the OVF environment.
        var fullKey = (productClass is null ? string.Empty : productClass + ".") + key + (instance is null ? string.Empty : "." + instance);
        var type = Attribute(property, "type");
        if (type is null)
        {
            Error(OvfCodes.MissingValue, property, $"vm[{vm}]/Property[{fullKey}]/type", "Property has no ovf:type (expected e.g. string, boolean, uint16)");
            return null;
        }

        return new PropertySpec(
            fullKey,
            type,
            SelectedValue(property),
            Text(property.Element(_ovf + "Label")),
            Text(property.Element(_ovf + "Description")),
            IsTrue(Attribute(property, "userConfigurable")),
            Attribute(property, "qualifiers"));
    }

    // A <Value ovf:value ovf:configuration> child overrides the default value for its configurations.
    private string? SelectedValue(XElement property)
    {
        var value = property.Attribute(_ovf + "value")?.Value ?? property.Attribute("value")?.Value;
        if (_selected is null)
        {
            return value;
        }

        foreach (var candidate in property.Elements(_ovf + "Value"))
        {
            var configurations = Attribute(candidate, "configuration")?.Split(_configurationSeparators, StringSplitOptions.RemoveEmptyEntries) ?? [];
            if (configurations.Contains(_selected, StringComparer.Ordinal))
            {
                return candidate.Attribute(_ovf + "value")?.Value ?? candidate.Attribute("value")?.Value;
            }
        }

        return value;
    }
}
