namespace Nines.Domain.Scenarios;

/// <summary>How a network is realised. VNUML's modes, kept so files round-trip.</summary>
public enum NetworkMode
{
    /// <summary>A bridge on the host (VNUML <c>virtual_bridge</c>); Nines' default.</summary>
    VirtualBridge,

    /// <summary>VNUML's user-space switch (<c>uml_switch</c>); Nines realises it as a bridge too.</summary>
    UmlSwitch,
}
