using Nines.Domain.Scenarios;
using Nines.Upgrades.Campaigns;

namespace Nines.Upgrades.Tests.Campaigns;

/// <summary>
/// A shell and the units it runs, simulated in memory: it carries out the campaign's actions the way the availability
/// manager and the drivers would (switchover to an in-service standby, lock removes assignments, a unit in service
/// gets a standby role, or active when its group has none) and records every violation of the campaign's safety rules
/// at the moment an action is carried out. Actions wait in a queue until <see cref="Apply"/>; a new session drops
/// the queue, as a shell that restarted forgets what it was doing (and fences what the old one issued).
/// </summary>
internal sealed class SimulatedShell
{
    private readonly Dictionary<string, (RedundancyModel Model, string[] Members)> _groups = new(StringComparer.Ordinal);
    private readonly List<CampaignAction> _queue = [];
    private readonly Dictionary<string, CampaignActionReport> _reports = new(StringComparer.Ordinal);
    private int _session = 1;

    public SimulatedShell(string revision, params (string Name, RedundancyModel Model, string[] Members)[] groups)
    {
        foreach (var (name, model, members) in groups)
        {
            _groups[name] = (model, members);
            foreach (var member in members)
            {
                Units[member] = new Unit { Name = member, Group = name, Revision = revision };
            }
        }

        Assign();
    }

    public Dictionary<string, Unit> Units { get; } = new(StringComparer.Ordinal);

    public List<string> Violations { get; } = [];

    public List<CampaignAction> Carried { get; } = [];

    public int MaxUnavailable { get; set; } = 1;

    /// <summary>Revisions whose health sequence (and KPIs) fail.</summary>
    public HashSet<string> BadRevisions { get; } = new(StringComparer.Ordinal);

    /// <summary>Revisions whose KPIs miss the thresholds.</summary>
    public HashSet<string> KpiFailRevisions { get; } = new(StringComparer.Ordinal);

    /// <summary>Units whose guest agent never answers when they run the given revision.</summary>
    public HashSet<(string Unit, string Revision)> GuestFails { get; } = [];

    /// <summary>Units whose health sequence (and KPIs) fail, whatever they run.</summary>
    public HashSet<string> FailingUnits { get; } = new(StringComparer.Ordinal);

    /// <summary>Actions of these kinds are refused (reported failed) instead of carried out.</summary>
    public HashSet<CampaignActionKind> Refused { get; } = [];

    public string Session => $"s{_session}";

    public int Pending => _queue.Count;

    /// <summary>Adds a unit outside any group.</summary>
    public SimulatedShell Lone(string name, string revision)
    {
        Units[name] = new Unit { Name = name, Revision = revision };
        return this;
    }

    public CampaignObservation Observe() => new(
        Session,
        [.. Units.Values.Select(u => new CampaignUnitObservation(u.Name, u.Running, u.Running ? u.Revision : null, u.Running && u.GuestReady, u.InService, u.Locked, u.Role))],
        [.. _reports.Values]);

    public void Enqueue(IEnumerable<CampaignAction> actions) => _queue.AddRange(actions);

    /// <summary>
    /// Carries out the queued actions (or those <paramref name="pick"/> chooses, the rest stay queued); an action the
    /// campaign no longer awaits (<paramref name="awaited"/> false) is dropped, as the real shell checks before acting.
    /// </summary>
    public void Apply(Func<CampaignAction, bool> awaited, Func<CampaignAction, bool>? pick = null)
    {
        foreach (var action in _queue.ToList())
        {
            if (!awaited(action))
            {
                _queue.Remove(action);
                Dropped.Add(action);
            }
            else if (pick?.Invoke(action) ?? true)
            {
                _queue.Remove(action);
                Carry(action);
            }
        }
    }

    /// <summary>Actions dropped because the campaign no longer awaited them when their turn came.</summary>
    public List<CampaignAction> Dropped { get; } = [];

    /// <summary>The shell restarted: what it had queued is gone, and so are the reports it held.</summary>
    public void Restart()
    {
        _session++;
        _queue.Clear();
        _reports.Clear();
    }

    /// <summary>A unit crashes (outside the campaign): it stops and its role moves on.</summary>
    public void Crash(string unit)
    {
        var u = Units[unit];
        u.Running = false;
        u.Role = CampaignUnitRole.None;
        Assign();
    }

    /// <summary>A crashed unit runs again (at the revision it had): the availability manager gives it a role.</summary>
    public void Recover(string unit)
    {
        Units[unit].Running = true;
        Assign();
    }

    private void Carry(CampaignAction action)
    {
        Carried.Add(action);
        var unit = Units[action.Unit];
        if (Refused.Contains(action.Kind))
        {
            _reports[action.Id] = new CampaignActionReport(action.Id, false, $"{action.Kind} refused by the test");
            return;
        }

        var protectedUnit = unit.Group is { } g && _groups[g].Model != RedundancyModel.None;
        switch (action.Kind)
        {
            case CampaignActionKind.Switchover:
                if (unit.Role == CampaignUnitRole.Active)
                {
                    var standby = Members(unit).FirstOrDefault(m => m != unit && m.InService && m.Role == CampaignUnitRole.Standby);
                    if (standby is null)
                    {
                        _reports[action.Id] = new CampaignActionReport(action.Id, false, "no standby in service");
                        return;
                    }

                    standby.Role = CampaignUnitRole.Active;
                    unit.Role = CampaignUnitRole.Standby;
                }

                break;
            case CampaignActionKind.Lock:
                if (protectedUnit && unit.Role == CampaignUnitRole.Active && _groups[unit.Group!].Model != RedundancyModel.NWayActive)
                {
                    Violations.Add($"{action.Id}: locked {unit.Name} while it was active");
                }

                unit.Locked = true;
                unit.Role = CampaignUnitRole.None;
                break;
            case CampaignActionKind.Unlock:
                unit.Locked = false;
                break;
            case CampaignActionKind.StopVm:
                if (unit.Role is CampaignUnitRole.Active or CampaignUnitRole.Quiescing)
                {
                    Violations.Add($"{action.Id}: stopped {unit.Name} while it was active");
                }

                unit.Running = false;
                unit.Role = CampaignUnitRole.None;
                break;
            case CampaignActionKind.StartVm:
                unit.Running = true;
                unit.Revision = action.Revision!;
                unit.GuestReady = !GuestFails.Contains((unit.Name, unit.Revision));
                break;
            default:
                var bad = BadRevisions.Contains(unit.Revision) || FailingUnits.Contains(unit.Name)
                    || (action.Kind == CampaignActionKind.CheckKpis && KpiFailRevisions.Contains(unit.Revision));
                _reports[action.Id] = new CampaignActionReport(action.Id, unit.Running && !bad, bad ? $"{action.Kind} failed on {unit.Revision}" : "ok");
                return;
        }

        Assign();
        CheckGroups(action);
    }

    private IEnumerable<Unit> Members(Unit unit) => _groups[unit.Group!].Members.Select(m => Units[m]);

    /// <summary>The availability manager's part: roles for units in service, none for the others, one active where the model has one.</summary>
    private void Assign()
    {
        foreach (var (_, (model, members)) in _groups)
        {
            var units = members.Select(m => Units[m]).ToList();
            foreach (var u in units.Where(u => !u.InService))
            {
                u.Role = CampaignUnitRole.None;
            }

            foreach (var u in units.Where(u => u.InService && u.Role == CampaignUnitRole.None))
            {
                u.Role = model == RedundancyModel.NWayActive ? CampaignUnitRole.Active : CampaignUnitRole.Standby;
            }

            if (model is RedundancyModel.TwoN or RedundancyModel.NPlusM && !units.Exists(u => u.Role == CampaignUnitRole.Active)
                && units.FirstOrDefault(u => u.InService) is { } promoted)
            {
                promoted.Role = CampaignUnitRole.Active;
            }
        }
    }

    private void CheckGroups(CampaignAction action)
    {
        foreach (var (name, (model, members)) in _groups)
        {
            if (model == RedundancyModel.None)
            {
                continue;
            }

            var units = members.Select(m => Units[m]).ToList();
            var down = units.Count(u => !u.InService);
            if (down > MaxUnavailable)
            {
                Violations.Add($"{action.Id}: group {name} has {down} units out of service (max-unavailable {MaxUnavailable})");
            }

            if (!units.Exists(u => u.InService))
            {
                Violations.Add($"{action.Id}: group {name} has no unit in service");
            }
        }
    }

    /// <summary>One simulated unit.</summary>
    internal sealed class Unit
    {
        public required string Name { get; init; }

        public string? Group { get; init; }

        public bool Running { get; set; } = true;

        public bool GuestReady { get; set; } = true;

        public bool Locked { get; set; }

        public required string Revision { get; set; }

        public CampaignUnitRole Role { get; set; }

        public bool InService => Running && GuestReady && !Locked;
    }
}
