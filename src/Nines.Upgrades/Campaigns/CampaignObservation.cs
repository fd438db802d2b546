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
