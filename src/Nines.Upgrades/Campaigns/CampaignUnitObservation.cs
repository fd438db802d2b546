namespace Nines.Upgrades.Campaigns;

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
