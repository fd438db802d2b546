namespace Nines.Upgrades.Campaigns;

/// <summary>The HA role a unit holds (its strongest assignment over the group's instances).</summary>
public enum CampaignUnitRole
{
    /// <summary>No assignment.</summary>
    None,

    /// <summary>Active for some instance.</summary>
    Active,

    /// <summary>Standby, for every instance it holds.</summary>
    Standby,

    /// <summary>Finishing what it accepted, before giving the instance to a standby.</summary>
    Quiescing,

    /// <summary>Quiesced: the switchover is confirmed, the instance moves on.</summary>
    Quiesced,
}
