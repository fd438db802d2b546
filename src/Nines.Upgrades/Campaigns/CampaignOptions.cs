using Nines.Domain;

namespace Nines.Upgrades.Campaigns;

/// <summary>
/// How a campaign runs. Durations left null take the defaults below.
/// </summary>
/// <param name="MaxUnavailable">At most this many units out of service at once in a group (the campaign's own and failed ones together), and at most this many held by the campaign at once.</param>
/// <param name="AllowOutage">Upgrade changed VMs that no redundancy protects (no group, model <c>none</c>, or a group too small) by restarting them: an outage.</param>
/// <param name="HealthSequence">The command sequence of the scenario run as the health gate (default <c>health</c>); a unit without it skips that gate; null skips it for all.</param>
/// <param name="WaitForGuestAgent">Gate on the guest agent answering (the shell reports OS-level instances as ready once running).</param>
/// <param name="SoakTime">How long a unit must stay healthy after it is back in service; null or zero: no soak.</param>
/// <param name="KpiThresholds">KPI bounds a unit must meet after its upgrade (checked by the shell); empty: no KPI gate.</param>
/// <param name="StepTimeout">How long one step may take (an action to be confirmed, a gate to pass); default 5 minutes.</param>
/// <param name="RedundancyTimeout">How long a unit may wait for redundancy to allow its upgrade; default 10 minutes.</param>
public sealed record CampaignOptions(
    int MaxUnavailable = 1,
    bool AllowOutage = false,
    string? HealthSequence = CampaignOptions.DefaultHealthSequence,
    bool WaitForGuestAgent = true,
    TimeSpan? SoakTime = null,
    ValueList<KpiThreshold> KpiThresholds = default,
    TimeSpan? StepTimeout = null,
    TimeSpan? RedundancyTimeout = null)
{
    /// <summary>The sequence name the availability manager's health command uses too.</summary>
    public const string DefaultHealthSequence = "health";

    /// <summary>The default of <see cref="StepTimeout"/>.</summary>
    public static readonly TimeSpan DefaultStepTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The default of <see cref="RedundancyTimeout"/>.</summary>
    public static readonly TimeSpan DefaultRedundancyTimeout = TimeSpan.FromMinutes(10);

    internal TimeSpan Soak => SoakTime ?? TimeSpan.Zero;

    internal TimeSpan StepLimit => StepTimeout ?? DefaultStepTimeout;

    internal TimeSpan RedundancyLimit => RedundancyTimeout ?? DefaultRedundancyTimeout;
}
