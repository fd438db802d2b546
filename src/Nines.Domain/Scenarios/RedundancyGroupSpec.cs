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

/// <summary>
/// VMs that protect one service together (native only). <paramref name="Actives"/> and
/// <paramref name="Standbys"/> are N and M for <see cref="RedundancyModel.NPlusM"/>.
/// </summary>
public sealed record RedundancyGroupSpec(
    string Name,
    RedundancyModel Model,
    ValueList<string> Members,
    int? Actives = null,
    int? Standbys = null,
    ValueList<string> PreferredHosts = default);
