namespace Nines.Domain.Scenarios;

/// <summary>How a redundancy group shares its service between members (SA Forum AMF models).</summary>
public enum RedundancyModel
{
    /// <summary>No redundancy: a failed member is only restarted.</summary>
    None,

    /// <summary>One active, one standby.</summary>
    TwoN,

    /// <summary>N actives protected by M standbys.</summary>
    NPlusM,

    /// <summary>All members active, load shared.</summary>
    NWayActive,
}
