using System.Xml.Linq;
using Nines.Domain.Scenarios;
using Nines.Scenarios.Values;

namespace Nines.Scenarios.Ovf;

/// <summary>
/// The VirtualHardwareSection's devices: Ethernet adapters (their connection and MAC) and disks (the host resource
/// each names, resolved against the References and DiskSection).
/// </summary>
internal sealed partial class OvfEnvelopeReader
{
    private void ReadNic(XElement item, string field, VirtualHardware hardware)
    {
        var connectionElement = Field(item, "Connection");
        if (Text(connectionElement) is not { } network)
        {
            Error(OvfCodes.MissingValue, item, $"{field}/Connection", "NIC has no Connection (expected the name of a network in the NetworkSection)");
            return;
        }

        var mac = ReadMac(item, field);
        if (!_networkNames.Contains(network))
        {
            // Reported here, at the Connection; the NIC is left out so the scenario checks do not report it again.
            Error(OvfCodes.UnknownNetwork, connectionElement!, $"{field}/Connection",
                $"NIC is connected to network \"{network}\", which the NetworkSection does not declare{Declared(_networkNames)}");
            return;
        }

        var nic = new InterfaceSpec(hardware.Interfaces.Count + 1, network, mac);
        _map.Record(nic, Locate(item));
        hardware.Interfaces.Add(nic);
    }

    private string? ReadMac(XElement item, string field)
    {
        var addressElement = Field(item, "Address");
        if (Text(addressElement) is not { } address)
        {
            return null;
        }

        if (MacAddressText.Canonical(address) is not { } canonical)
        {
            Error(OvfCodes.BadItem, addressElement!, $"{field}/Address", $"MAC address \"{address}\" is malformed (expected six hex pairs such as 52:54:00:12:34:56)");
            return null;
        }

        return canonical;
    }

    private void ReadDisk(XElement item, string field, VirtualHardware hardware)
    {
        var resourceElement = Field(item, "HostResource");

        // A disk drive without a host resource is an empty slot: nothing to provision.
        if (Text(resourceElement) is not { } resource || ResolveHostResource(resource, resourceElement!, field) is not { } disk)
        {
            return;
        }

        if (hardware.Disks.Exists(d => d.Id == disk.Id))
        {
            Error(OvfCodes.BadItem, resourceElement!, $"{field}/HostResource", $"disk \"{disk.Id}\" is attached twice (expected each disk once per VM)");
            return;
        }

        hardware.Disks.Add(disk);
    }

    /// <summary>The disk an <c>ovf:/disk/&lt;id&gt;</c> or <c>ovf:/file/&lt;id&gt;</c> host resource names, or null (reported) when unknown.</summary>
    private DiskSpec? ResolveHostResource(string resource, XElement node, string field)
    {
        if (StripResourcePrefix(resource, "disk") is { } diskId)
        {
            if (_disks.TryGetValue(diskId, out var disk))
            {
                return disk;
            }

            Error(OvfCodes.UnknownDisk, node, $"{field}/HostResource", $"host resource \"{resource}\" refers to disk \"{diskId}\", which the DiskSection does not declare{Declared(_disks.Keys)}");
            return null;
        }

        if (StripResourcePrefix(resource, "file") is { } fileId)
        {
            if (_files.TryGetValue(fileId, out var file))
            {
                return new DiskSpec(fileId, file.Size ?? 0, file.Href);
            }

            Error(OvfCodes.UnknownFile, node, $"{field}/HostResource", $"host resource \"{resource}\" refers to file \"{fileId}\", which References does not declare{Declared(_files.Keys)}");
            return null;
        }

        Error(OvfCodes.BadItem, node, $"{field}/HostResource", $"host resource \"{resource}\" is not understood (expected ovf:/disk/<diskId> or ovf:/file/<fileId>)");
        return null;
    }

    // OVF writes "ovf:/disk/id"; older producers wrote "ovf://disk/id" or "/disk/id".
    private static string? StripResourcePrefix(string resource, string kind)
    {
        foreach (var prefix in (string[])[$"ovf:/{kind}/", $"ovf://{kind}/", $"/{kind}/"])
        {
            if (resource.StartsWith(prefix, StringComparison.Ordinal) && resource.Length > prefix.Length)
            {
                return resource[prefix.Length..];
            }
        }

        return null;
    }
}
