namespace Nines.Availability.Model;

/// <summary>
/// One member of a service group: a VM or an OS-level instance on a host. <paramref name="Rank"/> is the
/// group's preference (lower is preferred). <paramref name="KnownDead"/> says its process is gone (exited or
/// fenced), so nothing it held can still be served by it. <paramref name="Locked"/> is the administrative lock of a
/// unit being moved (a host drain): it takes no assignments and its failures are not recovered until it is unlocked.
/// </summary>
public sealed record ServiceUnit(
    string Name,
    string Host,
    int Rank,
    UnitKind Kind = UnitKind.Vm,
    UnitPresence Presence = UnitPresence.Instantiated,
    UnitOperationalState Operational = UnitOperationalState.Enabled,
    bool KnownDead = false,
    bool Locked = false)
{
    /// <summary>True when the unit may take assignments: instantiated, enabled and unlocked (AMF readiness "in service").</summary>
    public bool InService => Presence == UnitPresence.Instantiated && Operational == UnitOperationalState.Enabled && !Locked;
}
