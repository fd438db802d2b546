using Nines.Domain;
using Nines.Domain.Diagnostics;
using Nines.Domain.Scenarios;
using Nines.Upgrades.Diff;

namespace Nines.Upgrades.Campaigns;

/// <summary>
/// Plans a campaign from two revisions (pure). Every changed VM whose change needs a restart becomes a unit: members
/// of a redundancy group (as the running revision defines it) in a procedure per group, in the scenario's group order;
/// VMs no redundancy protects in a last outage procedure, only with <see cref="CampaignOptions.AllowOutage"/>. Added,
/// removed and live-changed VMs are not the campaign's: the shell applies them as a deploy does.
/// </summary>
public static class CampaignPlanner
{
    /// <summary>An option of the request is out of range (field named).</summary>
    public const string BadOption = "NX9501";

    /// <summary>No VM needs a restart: there is nothing for a campaign to do.</summary>
    public const string NothingToUpgrade = "NX9502";

    /// <summary>A changed VM would restart without redundancy, and outages are not allowed.</summary>
    public const string OutageNotAllowed = "NX9503";

    /// <summary>Where request diagnostics point: the request itself (the field names the option or VM).</summary>
    public static readonly SourceLocation RequestLocation = SourceLocation.OfFile("upgrade request");

    /// <summary>Plans the campaign for <paramref name="request"/> at <paramref name="now"/>; every problem is reported at once.</summary>
    public static CampaignPlan Plan(CampaignRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = request.Options ?? new CampaignOptions();
        var diff = ScenarioDiffer.Compare(request.From, request.To);
        var diagnostics = new DiagnosticBag();
        CheckOptions(request, options, diagnostics);
        var restart = diff.ChangedVms.Where(v => v.NeedsRestart).ToList();
        if (restart.Count == 0)
        {
            diagnostics.Error(NothingToUpgrade, RequestLocation, "scenario",
                $"no VM needs a restart from {diff.FromRevision} to {diff.ToRevision}: there is nothing to upgrade (a deploy applies live changes)");
        }

        var procedures = new List<CampaignProcedure>();
        var outage = new List<string>();
        var restarting = restart.Select(v => v.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var group in request.From.RedundancyGroups)
        {
            var units = group.Members.Where(restarting.Contains).ToList();
            if (units.Count == 0)
            {
                continue;
            }

            var minInService = group.Model == RedundancyModel.NPlusM ? Math.Max(1, group.Actives ?? 1) : 1;
            if (group.Model == RedundancyModel.None || group.Members.Count - 1 < minInService)
            {
                outage.AddRange(units);
                continue;
            }

            procedures.Add(new CampaignProcedure(group.Name, group.Model, group.Members, minInService,
                [.. units.Select(u => Unit(request, options, u, group.Name, group.Model))]));
            restarting.ExceptWith(units);
        }

        outage.AddRange(restart.Select(v => v.Name).Where(n => restarting.Contains(n) && !outage.Contains(n)));
        if (outage.Count > 0 && !options.AllowOutage)
        {
            foreach (var vm in outage)
            {
                var group = ScenarioDiffer.GroupOf(request.From, vm);
                var why = group is null ? "is in no redundancy group"
                    : group.Model == RedundancyModel.None ? $"is in group {group.Name}, whose model none protects nothing"
                    : $"is in group {group.Name}, too small to keep its service while one member is out";
                var fields = string.Join(", ", restart.First(v => v.Name == vm).Fields.Where(f => f.NeedsRestart).Select(f => f.Field));
                diagnostics.Error(OutageNotAllowed, RequestLocation, $"vms[{vm}]",
                    $"vm {vm} {why}: restarting it for {fields} is an outage; allow outages to upgrade it anyway");
            }
        }
        else if (outage.Count > 0)
        {
            procedures.Add(new CampaignProcedure(CampaignProcedure.OutageProcedure, RedundancyModel.None, [.. outage], 0,
                [.. outage.Select(u => Unit(request, options, u, CampaignProcedure.OutageProcedure, RedundancyModel.None))]));
        }

        if (diagnostics.HasErrors)
        {
            return new CampaignPlan(null, diff, [.. diagnostics.Items]);
        }

        var campaign = new UpgradeCampaign(request.Id, request.Deployment, diff.FromRevision, diff.ToRevision, options,
            CampaignState.Initial, [.. procedures], now);
        return new CampaignPlan(campaign, diff, [.. diagnostics.Items]);
    }

    private static CampaignUnit Unit(CampaignRequest request, CampaignOptions options, string vm, string procedure, RedundancyModel model) =>
        new(vm, procedure, ScenarioDigestOf(request.To),
            Steps(options, model, HasHealthSequence(request.To, vm, options)),
            Steps(options, model, HasHealthSequence(request.From, vm, options)));

    private static string ScenarioDigestOf(Scenario scenario) => Revisions.ScenarioDigest.Compute(scenario);

    /// <summary>The steps of one unit, in order: see <see cref="CampaignStepKind"/>.</summary>
    public static ValueList<CampaignStepKind> Steps(CampaignOptions options, RedundancyModel model, bool healthSequence)
    {
        ArgumentNullException.ThrowIfNull(options);
        var isProtected = model != RedundancyModel.None;
        var steps = new List<CampaignStepKind> { CampaignStepKind.CheckRedundancy };
        if (isProtected && model != RedundancyModel.NWayActive)
        {
            steps.Add(CampaignStepKind.Switchover);
        }

        if (isProtected)
        {
            steps.Add(CampaignStepKind.Lock);
        }

        steps.Add(CampaignStepKind.Stop);
        steps.Add(CampaignStepKind.Start);
        if (options.WaitForGuestAgent)
        {
            steps.Add(CampaignStepKind.GuestAgent);
        }

        if (healthSequence)
        {
            steps.Add(CampaignStepKind.HealthSequence);
        }

        if (isProtected)
        {
            steps.Add(CampaignStepKind.Unlock);
            steps.Add(CampaignStepKind.ReachStandby);
        }

        if (!options.KpiThresholds.IsEmpty)
        {
            steps.Add(CampaignStepKind.Kpis);
        }

        if (options.Soak > TimeSpan.Zero)
        {
            steps.Add(CampaignStepKind.Soak);
        }

        return [.. steps];
    }

    private static bool HasHealthSequence(Scenario scenario, string vm, CampaignOptions options) =>
        options.HealthSequence is { } sequence && scenario.FindVm(vm) is { } spec
        && scenario.Effective(spec).Execs.Any(e => e.Sequence == sequence);

    private static void CheckOptions(CampaignRequest request, CampaignOptions options, DiagnosticBag diagnostics)
    {
        void Bad(string field, string message) => diagnostics.Error(BadOption, RequestLocation, field, message);
        if (string.IsNullOrWhiteSpace(request.Id))
        {
            Bad("id", "a campaign needs an id");
        }

        if (string.IsNullOrWhiteSpace(request.Deployment))
        {
            Bad("deployment", "a campaign needs a deployment");
        }

        if (options.MaxUnavailable < 1)
        {
            Bad("maxUnavailable", $"max-unavailable must be at least 1, found {options.MaxUnavailable}");
        }

        if (options.HealthSequence is { } sequence && string.IsNullOrWhiteSpace(sequence))
        {
            Bad("healthSequence", "the health sequence needs a name (leave it unset to skip the health-sequence gate)");
        }

        if (options.SoakTime is { } soak && soak < TimeSpan.Zero)
        {
            Bad("soakTime", $"the soak time cannot be negative, found {soak}");
        }

        if (options.StepTimeout is { } step && step <= TimeSpan.Zero)
        {
            Bad("stepTimeout", $"the step timeout must be positive, found {step}");
        }

        if (options.RedundancyTimeout is { } wait && wait <= TimeSpan.Zero)
        {
            Bad("redundancyTimeout", $"the redundancy timeout must be positive, found {wait}");
        }

        for (var i = 0; i < options.KpiThresholds.Count; i++)
        {
            var kpi = options.KpiThresholds[i];
            var field = $"kpiThresholds[{i}]";
            if (string.IsNullOrWhiteSpace(kpi.Metric))
            {
                Bad(field + ".metric", "a KPI threshold needs a metric");
            }

            if (kpi.Min is null && kpi.Max is null)
            {
                Bad(field, $"KPI threshold {kpi.Metric} needs a min or a max");
            }
            else if (kpi.Min > kpi.Max || kpi.Min is double.NaN || kpi.Max is double.NaN)
            {
                Bad(field, $"KPI threshold {kpi.Metric}: min {kpi.Min} is above max {kpi.Max} (or not a number)");
            }
        }
    }
}
