using Nines.Availability.Model;

namespace Nines.Availability.Redundancy;

/// <summary>
/// The working copy a policy edits: each step updates the assignments at once, so later decisions of the
/// same plan see earlier ones.
/// </summary>
internal sealed class PlanBuilder
{
    private readonly List<Assignment> _assignments;
    private readonly List<AssignmentChange> _changes = [];
    private readonly List<InstantiationRequest> _instantiations = [];
    private readonly List<string> _notes = [];

    public PlanBuilder(ServiceGroup group)
    {
        Group = group;
        _assignments = [.. group.Assignments];
    }

    public ServiceGroup Group { get; }

    public IReadOnlyList<Assignment> Assignments => _assignments;

    /// <summary>In-service units in preference order (rank, then name).</summary>
    public IEnumerable<ServiceUnit> InService => Group.LiveUnits.Where(u => u.InService);

    public IEnumerable<Assignment> Of(string unit) => _assignments.Where(a => a.Unit == unit);

    public IEnumerable<Assignment> For(string instance) => _assignments.Where(a => a.Instance == instance);

    public bool IsIdle(ServiceUnit unit) => !Of(unit.Name).Any();

    /// <summary>True when some unit serves or is handing over the instance: nobody may be made active for it.</summary>
    public bool HasActiveHolder(string instance) =>
        For(instance).Any(a => a.State is HaState.Active or HaState.Quiescing or HaState.Quiesced);

    public void Assign(string unit, string instance, HaState state, string reason)
    {
        _assignments.Add(new Assignment(unit, instance, state));
        _changes.Add(new AssignmentChange(unit, instance, null, state, reason));
    }

    public void Change(Assignment previous, HaState to, string reason)
    {
        _assignments.Remove(previous);
        _assignments.Add(previous with { State = to });
        _changes.Add(new AssignmentChange(previous.Unit, previous.Instance, previous.State, to, reason));
    }

    public void Remove(Assignment assignment, string reason)
    {
        _assignments.Remove(assignment);
        _changes.Add(new AssignmentChange(assignment.Unit, assignment.Instance, assignment.State, null, reason));
    }

    public void Note(string note) => _notes.Add(note);

    /// <summary>Drops the standbys of units that left service: a standby serves nothing, so this is always safe.</summary>
    public void DropStandbysOfUnitsOutOfService()
    {
        foreach (var standby in _assignments.Where(a => a.State == HaState.Standby && Group.FindUnit(a.Unit)?.InService != true).ToList())
        {
            Remove(standby, $"unit {standby.Unit} is out of service");
        }
    }

    /// <summary>Asks for units until the group has <paramref name="wanted"/> live ones (counting pending requests).</summary>
    public void InstantiateUpTo(int wanted)
    {
        var live = Group.LiveUnits.ToList();
        var missing = wanted - live.Count - Group.PendingInstantiations;
        var avoid = live.Select(u => u.Host).Concat(Group.FailedHosts).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var gaveUpOn = Group.Units.Where(u => u.Presence == UnitPresence.Terminated).Select(u => u.Host)
            .Where(h => !avoid.Contains(h)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        for (var i = 0; i < missing; i++)
        {
            _instantiations.Add(new InstantiationRequest(
                Group.Name,
                [.. avoid],
                $"group {Group.Name} has {live.Count + Group.PendingInstantiations + i} of {wanted} units: instantiate one on another host",
                [.. gaveUpOn]));
        }
    }

    public AssignmentPlan Build() => new([.. _changes], [.. _instantiations], [.. _notes]);
}
