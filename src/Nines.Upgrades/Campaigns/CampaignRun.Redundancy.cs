using System.Globalization;
using Nines.Domain.Scenarios;

namespace Nines.Upgrades.Campaigns;

/// <summary>
/// The redundancy check before a unit is taken out of service: never more than max-unavailable units out (the
/// campaign's and those already down), never the last unit in service of a group (N for N+M), and an active unit
/// only when a standby in service can take over from it.
/// </summary>
internal sealed partial class CampaignRun
{
    /// <summary>Null when <paramref name="task"/>'s unit may be taken out now, else why not.</summary>
    private string? Allowed(CampaignUnit task, CampaignProcedure procedure)
    {
        var held = HeldUnits(except: task.Unit);
        var max = Options.MaxUnavailable;
        if (held.Count + 1 > max)
        {
            return Invariant($"max-unavailable is {max} and the campaign holds {string.Join(", ", held.Order(StringComparer.Ordinal))}");
        }

        if (!procedure.IsProtected)
        {
            return null;
        }

        var down = procedure.Members.Where(m => m != task.Unit && (held.Contains(m) || !Observed(m).InService)).ToList();
        if (down.Count + 1 > max)
        {
            return Invariant($"group {procedure.Name} already has {down.Count} unit(s) out of service ({string.Join(", ", down)}) and max-unavailable is {max}");
        }

        var inService = procedure.Members.Where(m => m != task.Unit && !held.Contains(m) && Observed(m).InService).ToList();
        var needed = Math.Max(1, procedure.MinInService);
        if (inService.Count < needed)
        {
            return Invariant($"group {procedure.Name} would keep {inService.Count} unit(s) in service, it needs {needed}");
        }

        if (procedure.Model != RedundancyModel.NWayActive && IsActive(Observed(task.Unit))
            && !inService.Exists(m => Observed(m).Role == CampaignUnitRole.Standby))
        {
            return $"unit {task.Unit} is active and no standby in service can take over from it";
        }

        return null;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
