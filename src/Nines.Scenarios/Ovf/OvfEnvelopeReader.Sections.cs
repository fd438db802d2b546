using System.Xml.Linq;
using Nines.Domain;
using Nines.Domain.Scenarios;

namespace Nines.Scenarios.Ovf;

/// <summary>The envelope-level sections: References, DiskSection, NetworkSection, DeploymentOptionSection.</summary>
internal sealed partial class OvfEnvelopeReader
{
    private void ReadReferences(XElement root)
    {
        foreach (var file in root.Elements(_ovf + "References").Elements(_ovf + "File"))
        {
            var id = Attribute(file, "id");
            var href = Attribute(file, "href");
            if (id is null || href is null)
            {
                var missing = id is null ? "id" : "href";
                Error(OvfCodes.MissingValue, file, $"References/File/{missing}", $"File has no ovf:{missing} (expected both ovf:id and ovf:href)");
                continue;
            }

            var sizeText = Attribute(file, "size");
            var size = sizeText is null ? null : ParseCount(sizeText, AttributeNode(file, "size"), $"References/File[{id}]/size", "size");
            if (!_files.TryAdd(id, new OvfFile(href, size)))
            {
                Error(OvfCodes.Duplicate, AttributeNode(file, "id"), $"References/File[{id}]", $"file id \"{id}\" is declared twice (expected unique ids)");
            }
        }
    }

    private void ReadDisks(XElement root)
    {
        foreach (var disk in root.Elements(_ovf + "DiskSection").Elements(_ovf + "Disk"))
        {
            var id = Attribute(disk, "diskId");
            if (id is null)
            {
                Error(OvfCodes.MissingValue, disk, "DiskSection/Disk/diskId", "Disk has no ovf:diskId (expected the id items refer to as ovf:/disk/<id>)");
                continue;
            }

            var field = $"DiskSection/Disk[{id}]";
            var capacity = ReadCapacity(disk, field);
            var fileRef = Attribute(disk, "fileRef");
            string? href = null;
            if (fileRef is not null)
            {
                if (_files.TryGetValue(fileRef, out var file))
                {
                    href = file.Href;
                }
                else
                {
                    Error(OvfCodes.UnknownFile, AttributeNode(disk, "fileRef"), $"{field}/fileRef",
                        $"disk \"{id}\" refers to file \"{fileRef}\", which References does not declare{Declared(_files.Keys)}");
                }
            }

            var spec = new DiskSpec(id, capacity ?? 0, href, Attribute(disk, "format"));
            _map.Record(spec, Locate(disk));
            if (!_disks.TryAdd(id, spec))
            {
                Error(OvfCodes.Duplicate, AttributeNode(disk, "diskId"), field, $"disk id \"{id}\" is declared twice (expected unique ids)");
            }
        }
    }

    // capacity × capacityAllocationUnits (bytes when unset), in bytes.
    private long? ReadCapacity(XElement disk, string field)
    {
        var text = Attribute(disk, "capacity");
        if (text is null)
        {
            Error(OvfCodes.MissingValue, disk, $"{field}/capacity", "Disk has no ovf:capacity (expected its size in capacityAllocationUnits)");
            return null;
        }

        var quantity = ParseCount(text, AttributeNode(disk, "capacity"), $"{field}/capacity", "capacity");
        var units = Attribute(disk, "capacityAllocationUnits") ?? "byte";
        var perUnit = OvfAllocationUnits.BytesPerUnit(units);
        if (perUnit is null)
        {
            Error(OvfCodes.UnknownUnits, AttributeNode(disk, "capacityAllocationUnits"), $"{field}/capacityAllocationUnits", UnknownUnitsMessage(units));
            return null;
        }

        return quantity is { } q ? ToBytes(q, perUnit.Value, AttributeNode(disk, "capacity"), $"{field}/capacity", "capacity") : null;
    }

    private long? ToBytes(long quantity, long perUnit, XObject node, string field, string what)
    {
        var bytes = OvfAllocationUnits.ToBytes(quantity, perUnit);
        if (bytes is null)
        {
            Error(OvfCodes.BadNumber, node, field, $"{what} {quantity} × {perUnit} bytes is too large (expected at most {long.MaxValue} bytes)");
        }

        return bytes;
    }

    private static string UnknownUnitsMessage(string units) =>
        $"allocation units \"{units}\" are not understood (expected e.g. \"byte * 2^20\", \"byte * 2^30\", \"MegaBytes\" or \"GigaBytes\")";

    private ValueList<NetworkSpec> ReadNetworks(XElement root)
    {
        var networks = new List<NetworkSpec>();
        foreach (var network in root.Elements(_ovf + "NetworkSection").Elements(_ovf + "Network"))
        {
            var name = Attribute(network, "name");
            if (name is null)
            {
                Error(OvfCodes.MissingValue, network, "NetworkSection/Network/name", "Network has no ovf:name (expected the name NICs connect to)");
                continue;
            }

            // Two networks with one name are the validator's to report; here the name only has to be known.
            var spec = new NetworkSpec(name);
            _map.Record(spec, Locate(network));
            _networkNames.Add(name);
            networks.Add(spec);
        }

        return ValueList.From(networks);
    }

    private ValueList<OvfConfiguration> ReadConfigurations(XElement root, string? requested)
    {
        var section = root.Element(_ovf + "DeploymentOptionSection");
        var declared = new List<(OvfConfiguration Configuration, bool MarkedDefault)>();
        foreach (var element in section?.Elements(_ovf + "Configuration") ?? [])
        {
            var id = Attribute(element, "id");
            if (id is null)
            {
                Error(OvfCodes.MissingValue, element, "DeploymentOptionSection/Configuration/id", "Configuration has no ovf:id (expected the id items name in ovf:configuration)");
                continue;
            }

            if (!_configurationIds.Add(id))
            {
                Error(OvfCodes.Duplicate, AttributeNode(element, "id"), $"DeploymentOptionSection/Configuration[{id}]", $"configuration id \"{id}\" is declared twice (expected unique ids)");
                continue;
            }

            var configuration = new OvfConfiguration(id, Text(element.Element(_ovf + "Label")), Text(element.Element(_ovf + "Description")), false);
            declared.Add((configuration, IsTrue(Attribute(element, "default"))));
        }

        if (declared.Count == 0)
        {
            if (requested is not null)
            {
                Error(OvfCodes.UnknownConfiguration, (XObject?)section ?? root, "configuration",
                    $"configuration \"{requested}\" was asked for, but the package declares no configurations (expected no configuration)");
            }

            return ValueList<OvfConfiguration>.Empty;
        }

        var defaultId = declared.FirstOrDefault(d => d.MarkedDefault).Configuration?.Id ?? declared[0].Configuration.Id;
        _selected = defaultId;
        if (requested is not null)
        {
            if (_configurationIds.Contains(requested))
            {
                _selected = requested;
            }
            else
            {
                // Reading goes on with the default so that the file's own problems are reported too.
                Error(OvfCodes.UnknownConfiguration, section!, "configuration",
                    $"configuration \"{requested}\" is not declared (expected one of: {string.Join(", ", declared.Select(d => d.Configuration.Id))})");
            }
        }

        return ValueList.From(declared.Select(d => d.Configuration with { IsDefault = d.Configuration.Id == defaultId }));
    }

    private static string Declared(IEnumerable<string> ids)
    {
        var list = ids.ToList();
        return list.Count == 0 ? " (none are declared)" : $" (declared: {string.Join(", ", list)})";
    }
}
