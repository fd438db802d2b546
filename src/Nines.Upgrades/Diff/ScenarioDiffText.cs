using System.Globalization;
using System.Text;
using Nines.Upgrades.Revisions;

namespace Nines.Upgrades.Diff;

/// <summary>
/// The diff as the CLI prints it, in the manner of <c>terraform plan</c>: <c>+</c> added, <c>-</c> removed,
/// <c>~</c> changed with how it is applied, each changed value on its own line, then a one-line summary.
/// </summary>
public static class ScenarioDiffText
{
    /// <summary>Renders <paramref name="diff"/>; lines end with <c>\n</c>.</summary>
    public static string Render(ScenarioDiff diff)
    {
        ArgumentNullException.ThrowIfNull(diff);
        var text = new StringBuilder();
        if (diff.IsEmpty)
        {
            return $"No changes: the deployment already runs revision {ScenarioDigest.Short(diff.ToRevision)}.\n";
        }

        text.Append(CultureInfo.InvariantCulture, $"revision {ScenarioDigest.Short(diff.FromRevision)} -> {ScenarioDigest.Short(diff.ToRevision)}\n");
        foreach (var change in diff.Scenario)
        {
            text.Append(CultureInfo.InvariantCulture, $"~ {Field(change)}\n");
        }

        foreach (var vm in diff.Vms)
        {
            text.Append(CultureInfo.InvariantCulture, $"{Sign(vm.Kind)} vm {vm.Name}{VmNote(vm)}\n");
            Fields(text, vm.Fields);
        }

        foreach (var network in diff.Networks)
        {
            text.Append(CultureInfo.InvariantCulture, $"{Sign(network.Kind)} network {network.Name}\n");
            Fields(text, network.Fields);
        }

        foreach (var group in diff.Groups)
        {
            text.Append(CultureInfo.InvariantCulture, $"{Sign(group.Kind)} group {group.Name}\n");
            Fields(text, group.Fields);
        }

        var campaign = diff.CampaignVms.Count();
        var outage = diff.OutageVms.Count();
        text.Append(CultureInfo.InvariantCulture,
            $"Plan: {diff.AddedVms.Count()} to add, {diff.RemovedVms.Count()} to remove, {diff.ChangedVms.Count()} to change");
        text.Append(CultureInfo.InvariantCulture,
            $" ({campaign + outage} to restart: {campaign} as an upgrade campaign, {outage} as an outage).\n");
        return text.ToString();
    }

    private static char Sign(DiffKind kind) => kind switch
    {
        DiffKind.Added => '+',
        DiffKind.Removed => '-',
        _ => '~',
    };

    private static string VmNote(VmDiff vm) => vm.Kind != DiffKind.Changed ? string.Empty : vm.Restart switch
    {
        VmRestartMode.Campaign => $" (restart: campaign in group {vm.Group})",
        VmRestartMode.Outage => vm.Group is null ? " (restart: outage, in no redundancy group)" : $" (restart: outage, group {vm.Group} has no redundancy)",
        _ => " (live)",
    };

    private static void Fields(StringBuilder text, IEnumerable<FieldChange> fields)
    {
        foreach (var field in fields)
        {
            text.Append(CultureInfo.InvariantCulture, $"    {Field(field)}  ({(field.NeedsRestart ? "restart" : "live")}: {field.Reason})\n");
        }
    }

    private static string Field(FieldChange change) =>
        $"{change.Field}: {change.Before ?? "(unset)"} -> {change.After ?? "(unset)"}";
}
