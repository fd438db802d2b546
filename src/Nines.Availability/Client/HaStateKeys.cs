using Nines.Availability.Checkpoints;
using Nines.Store;

namespace Nines.Availability.Client;

/// <summary>
/// Where a unit's HA state lives: <c>/nines/availability/&lt;group&gt;/units/&lt;unit&gt;</c> holds a JSON
/// <see cref="HaStateRecord"/> written by the agent (the applier), and a service confirms a finished quiesce at
/// <c>/nines/availability/&lt;group&gt;/quiesced/&lt;unit&gt;/&lt;instance&gt;</c> (value: the epoch it quiesced in).
/// </summary>
public static class HaStateKeys
{
    /// <summary>The root of the availability manager's keys.</summary>
    public const string Root = "/nines/availability/";

    /// <summary>The key of one unit's HA-state record.</summary>
    public static StoreKey Unit(string group, string unit) =>
        Root + CheckpointKeys.Checked(group, nameof(group)) + "/units/" + CheckpointKeys.Checked(unit, nameof(unit));

    /// <summary>The prefix of every unit record of a group.</summary>
    public static StoreKey Units(string group) => Root + CheckpointKeys.Checked(group, nameof(group)) + "/units/";

    /// <summary>The prefix the agent watches for quiesce confirmations of a group.</summary>
    public static StoreKey QuiescedPrefix(string group) => Root + CheckpointKeys.Checked(group, nameof(group)) + "/quiesced/";

    /// <summary>The key a unit writes when it has quiesced <paramref name="instance"/>.</summary>
    public static StoreKey Quiesced(string group, string unit, string instance) =>
        QuiescedPrefix(group).ToString() + CheckpointKeys.Checked(unit, nameof(unit)) + "/" + CheckpointKeys.Checked(instance, nameof(instance));
}
