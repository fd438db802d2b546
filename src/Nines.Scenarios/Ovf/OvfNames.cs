using System.Xml.Linq;

namespace Nines.Scenarios.Ovf;

/// <summary>The XML namespaces an OVF descriptor uses.</summary>
internal static class OvfNames
{
    public static readonly XNamespace Envelope1 = "http://schemas.dmtf.org/ovf/envelope/1";
    public static readonly XNamespace Envelope2 = "http://schemas.dmtf.org/ovf/envelope/2";

    /// <summary>CIM_ResourceAllocationSettingData: the children of an <c>Item</c>.</summary>
    public static readonly XNamespace Rasd = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData";

    /// <summary>CIM_EthernetPortAllocationSettingData: the children of an OVF 2.0 <c>EthernetPortItem</c>.</summary>
    public static readonly XNamespace Epasd = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_EthernetPortAllocationSettingData";

    /// <summary>CIM_StorageAllocationSettingData: the children of an OVF 2.0 <c>StorageItem</c>.</summary>
    public static readonly XNamespace Sasd = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_StorageAllocationSettingData";

    public static bool IsEnvelopeNamespace(XNamespace ns) => ns == Envelope1 || ns == Envelope2;

    /// <summary>The settings-data namespace whose elements describe an item of this element name.</summary>
    public static XNamespace? SettingsNamespaceOf(string itemName) => itemName switch
    {
        "Item" => Rasd,
        "EthernetPortItem" => Epasd,
        "StorageItem" => Sasd,
        _ => null,
    };
}
