namespace Nines.Upgrades.Diff;

/// <summary>
/// One value that differs between two revisions. <paramref name="Field"/> is spelled as in the native YAML format
/// (<c>memory</c>, <c>qos.cpu_shares</c>, <c>execs[start]</c>); values are rendered for people, null when unset.
/// </summary>
/// <param name="NeedsRestart">The new value reaches the VM only through a restart.</param>
/// <param name="Reason">Why it does or does not need one (e.g. "the guest boots from it", "resized live: cgroup limit").</param>
public sealed record FieldChange(string Field, string? Before, string? After, bool NeedsRestart, string Reason);
