namespace Nines.Scheduling.Relocation;

/// <summary>Soft preferences of <see cref="RelocationTarget.Choose"/>.</summary>
/// <param name="AvoidIfPossible">Hosts taken only when no other candidate is left.</param>
/// <param name="Current">The VM's host now: kept when it is a candidate and not to be avoided.</param>
public sealed record RelocationPreferences(IReadOnlySet<string>? AvoidIfPossible = null, string? Current = null);
