using System.Xml.Linq;
using Nines.Domain.Scenarios;

namespace Nines.Scenarios.Ovf;

/// <summary>
/// The VirtualHardwareSection: which items apply to the selected configuration, and what each means
/// (CIM ResourceType 3 processor, 4 memory, 10 Ethernet adapter, 17/31 disk).
/// </summary>
internal sealed partial class OvfEnvelopeReader
{
    private const int ProcessorType = 3;
    private const int MemoryType = 4;
    private const int EthernetType = 10;
    private const int DiskDriveType = 17;
    private const int LogicalDiskType = 31;

    private static readonly char[] _configurationSeparators = [' ', '\t', '\r', '\n'];

    private VirtualHardware ReadHardware(XElement system, string vm)
    {
        var hardware = new VirtualHardware();
        var section = system.Element(_ovf + "VirtualHardwareSection");
        if (section is null)
        {
            Error(OvfCodes.MissingValue, system, $"vm[{vm}]/VirtualHardwareSection", "VirtualSystem has no VirtualHardwareSection (expected its CPUs, memory, NICs and disks)");
            return hardware;
        }

        foreach (var (instanceId, item) in SelectItems(section, vm))
        {
            ReadItem(item, $"vm[{vm}]/{item.Name.LocalName}[{instanceId}]", hardware);
        }

        return hardware;
    }

    /// <summary>
    /// The items that apply to the selected configuration, in document order. An item naming
    /// configurations applies only to them, and replaces the generic item with the same InstanceID.
    /// </summary>
    private List<(string InstanceId, XElement Item)> SelectItems(XElement section, string vm)
    {
        var chosen = new List<(string InstanceId, XElement Item, bool Specific)>();
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        var items = section.Elements().Where(e => e.Name.Namespace == _ovf && OvfNames.SettingsNamespaceOf(e.Name.LocalName) is not null);
        foreach (var item in items)
        {
            var configurations = Attribute(item, "configuration")?.Split(_configurationSeparators, StringSplitOptions.RemoveEmptyEntries) ?? [];
            foreach (var unknown in configurations.Where(c => !_configurationIds.Contains(c)))
            {
                Error(OvfCodes.UndeclaredConfiguration, AttributeNode(item, "configuration"), $"vm[{vm}]/{item.Name.LocalName}/configuration",
                    $"item applies to configuration \"{unknown}\", which the DeploymentOptionSection does not declare{Declared(_configurationIds)}");
            }

            var specific = configurations.Length > 0;
            if (specific && (_selected is null || !configurations.Contains(_selected, StringComparer.Ordinal)))
            {
                continue;
            }

            var idElement = Field(item, "InstanceID");
            if (Text(idElement) is not { } instanceId)
            {
                Error(OvfCodes.MissingValue, item, $"vm[{vm}]/{item.Name.LocalName}/InstanceID", "item has no InstanceID (expected an id unique within the VirtualHardwareSection)");
                continue;
            }

            if (!positions.TryGetValue(instanceId, out var position))
            {
                positions[instanceId] = chosen.Count;
                chosen.Add((instanceId, item, specific));
            }
            else if (specific && !chosen[position].Specific)
            {
                chosen[position] = (instanceId, item, true);
            }
            else if (specific == chosen[position].Specific)
            {
                var scope = specific ? $" for configuration \"{_selected}\"" : string.Empty;
                Error(OvfCodes.Duplicate, idElement!, $"vm[{vm}]/{item.Name.LocalName}[{instanceId}]",
                    $"InstanceID \"{instanceId}\" is used by two items{scope} (expected one item per InstanceID, replaced only by a configuration-specific item)");
            }
        }

        return [.. chosen.Select(c => (c.InstanceId, c.Item))];
    }

    private void ReadItem(XElement item, string field, VirtualHardware hardware)
    {
        var typeElement = Field(item, "ResourceType");
        if (Text(typeElement) is not { } typeText)
        {
            Error(OvfCodes.MissingValue, item, $"{field}/ResourceType", "item has no ResourceType (expected e.g. 3 for CPUs, 4 for memory, 10 for a NIC, 17 for a disk)");
            return;
        }

        if (ParseCount(typeText, typeElement!, $"{field}/ResourceType", "ResourceType") is not { } type)
        {
            return;
        }

        switch (type)
        {
            case ProcessorType:
                ReadProcessor(item, field, hardware);
                break;
            case MemoryType:
                ReadMemory(item, field, hardware);
                break;
            case EthernetType:
                ReadNic(item, field, hardware);
                break;
            case DiskDriveType or LogicalDiskType:
                ReadDisk(item, field, hardware);
                break;
            default:
                // CD-ROMs, controllers, serial ports: not modelled, but a file they name must exist.
                if (Text(Field(item, "HostResource")) is { } resource)
                {
                    ResolveHostResource(resource, Field(item, "HostResource")!, field);
                }

                break;
        }
    }

    private void ReadProcessor(XElement item, string field, VirtualHardware hardware)
    {
        if (hardware.Vcpus is not null)
        {
            Error(OvfCodes.BadItem, item, field, "a second processor item (ResourceType 3) applies to this configuration (expected one)");
            return;
        }

        if (ReadQuantity(item, field, "VirtualQuantity", "number of vCPUs") is not { } count)
        {
            return;
        }

        if (count is < 1 or > int.MaxValue)
        {
            Error(OvfCodes.BadNumber, Field(item, "VirtualQuantity")!, $"{field}/VirtualQuantity", $"number of vCPUs {count} is out of range (expected 1 to {int.MaxValue})");
            return;
        }

        hardware.Vcpus = (int)count;
    }

    private void ReadMemory(XElement item, string field, VirtualHardware hardware)
    {
        if (hardware.MemoryKiB is not null)
        {
            Error(OvfCodes.BadItem, item, field, "a second memory item (ResourceType 4) applies to this configuration (expected one)");
            return;
        }

        var quantity = ReadQuantity(item, field, "VirtualQuantity", "memory size");

        // rasd leaves the unit to the reader when AllocationUnits is absent; every producer we know means MiB.
        var unitsElement = Field(item, "AllocationUnits");
        var units = Text(unitsElement) ?? "byte * 2^20";
        if (OvfAllocationUnits.BytesPerUnit(units) is not { } perUnit)
        {
            Error(OvfCodes.UnknownUnits, unitsElement!, $"{field}/AllocationUnits", UnknownUnitsMessage(units));
            return;
        }

        if (quantity is not { } q)
        {
            return;
        }

        var quantityElement = Field(item, "VirtualQuantity")!;
        if (q == 0)
        {
            Error(OvfCodes.BadNumber, quantityElement, $"{field}/VirtualQuantity", "memory size 0 is out of range (expected a positive size)");
            return;
        }

        if (ToBytes(q, perUnit, quantityElement, $"{field}/VirtualQuantity", "memory size") is { } bytes)
        {
            hardware.MemoryKiB = (bytes + 1023) / 1024;
        }
    }

    private long? ReadQuantity(XElement item, string field, string name, string what)
    {
        var element = Field(item, name);
        if (Text(element) is not { } text)
        {
            Error(OvfCodes.MissingValue, item, $"{field}/{name}", $"item has no {name} (expected the {what})");
            return null;
        }

        return ParseCount(text, element!, $"{field}/{name}", what);
    }

    /// <summary>
    /// A settings-data child of an item. The CIM namespace is not insisted on per item kind, because
    /// OVF 2.0 producers mix rasd children into EthernetPortItem and StorageItem.
    /// </summary>
    private static XElement? Field(XElement item, string name) =>
        item.Elements().FirstOrDefault(e => e.Name.LocalName == name
            && (e.Name.Namespace == OvfNames.Rasd || e.Name.Namespace == OvfNames.Epasd || e.Name.Namespace == OvfNames.Sasd));

    /// <summary>What the items of one VirtualSystem add up to.</summary>
    private sealed class VirtualHardware
    {
        public int? Vcpus { get; set; }

        public long? MemoryKiB { get; set; }

        public List<InterfaceSpec> Interfaces { get; } = [];

        public List<DiskSpec> Disks { get; } = [];
    }
}
