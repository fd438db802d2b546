using Nines.Domain;

namespace Nines.Upgrades.Campaigns;

/// <summary>
/// What the shell observes when it calls <see cref="CampaignEngine.Advance"/>: the state of every unit the campaign
/// touches or counts on, and the results of the actions it carried out.
/// </summary>
/// <param name="Session">The identity of the shell carrying out actions (e.g. the controller's process or leadership term). When it
/// differs from the session an unconfirmed action was issued to, that action may be lost: the engine re-checks and re-issues it.</param>
/// <param name="Units">One observation per unit (the members of every group the campaign touches); a unit missing is taken as down.</param>
/// <param name="Reports">Results of actions (at least those that failed, and every health sequence and KPI check); unknown ids are ignored.</param>
public sealed record CampaignObservation(
    string Session,
    ValueList<CampaignUnitObservation> Units,
    ValueList<CampaignActionReport> Reports = default);

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

/// <summary>
/// One unit as the shell sees it.
/// </summary>
/// <param name="Running">The VM runs (its process is alive).</param>
/// <param name="Revision">The scenario revision the running VM was started at, or null when unknown or stopped.</param>
/// <param name="GuestReady">The guest agent answers (an OS-level instance: it runs).</param>
/// <param name="InService">The availability manager counts it in service: instantiated, enabled, unlocked.</param>
/// <param name="Locked">Administratively locked.</param>
/// <param name="Role">Its HA role.</param>
public sealed record CampaignUnitObservation(
    string Unit,
    bool Running,
    string? Revision,
    bool GuestReady,
    bool InService,
    bool Locked,
    CampaignUnitRole Role);

/// <summary>The result of an action the shell carried out (or could not).</summary>
/// <param name="Detail">What went wrong (or the health sequence's output), shown in the failure reason.</param>
public sealed record CampaignActionReport(string ActionId, bool Succeeded, string? Detail = null);
