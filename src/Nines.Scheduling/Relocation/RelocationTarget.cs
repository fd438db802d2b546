namespace Nines.Scheduling.Relocation;

/// <summary>
/// Where one VM goes when it must leave its host outside a whole-scenario plan (a host drain, a redundancy unit
/// instantiated again): among the candidate hosts, those outside <see cref="RelocationPreferences.AvoidIfPossible"/>
/// first, then the VM's current host (already placed well: stay), then the host with the fewest VMs in all plans, then
/// by name so the choice is deterministic.
/// </summary>
public static class RelocationTarget
{
    /// <summary>The chosen host, or null when there is no candidate.</summary>
    /// <param name="candidates">Schedulable hosts the VM may go to (registered, not drained, not refused).</param>
    /// <param name="placements">The host of every VM in every plan (one entry per VM): the load.</param>
    /// <param name="preferences">Soft preferences; null for none.</param>
    public static string? Choose(IEnumerable<string> candidates, IEnumerable<string> placements, RelocationPreferences? preferences = null)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(placements);
        var load = placements.GroupBy(h => h, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var avoid = preferences?.AvoidIfPossible;
        var current = preferences?.Current;
        return candidates
            .Distinct(StringComparer.Ordinal)
            .OrderBy(h => avoid?.Contains(h) == true ? 1 : 0)
            .ThenBy(h => h == current ? 0 : 1)
            .ThenBy(h => load.GetValueOrDefault(h))
            .ThenBy(h => h, StringComparer.Ordinal)
            .FirstOrDefault();
    }
}
