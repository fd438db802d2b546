namespace Nines.Upgrades.Campaigns;

/// <summary>
/// One action for the shell. Switchover, lock, unlock, stop and start are confirmed by what the shell then observes
/// (<see cref="CampaignUnitObservation"/>); their report matters only when they fail. The health sequence and KPI
/// check are confirmed only by their report (<see cref="CampaignActionReport"/>). Doing an action twice must be
/// harmless, but the engine issues one again only when what it establishes is not observed and the session changed.
/// </summary>
/// <param name="Id">Unique within the campaign; reports name it.</param>
/// <param name="Unit">The VM the action is for.</param>
/// <param name="Procedure">The procedure (redundancy group name, or the outage procedure).</param>
/// <param name="Revision">For <see cref="CampaignActionKind.StartVm"/>: the revision to start it at.</param>
/// <param name="Detail">For <see cref="CampaignActionKind.RunHealthSequence"/>: the sequence's name.</param>
public sealed record CampaignAction(string Id, CampaignActionKind Kind, string Unit, string Procedure, string? Revision = null, string? Detail = null);
