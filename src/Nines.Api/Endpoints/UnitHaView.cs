namespace Nines.Api.Endpoints;

/// <summary>One unit: where it runs, its presence and operational state (when managed here) and its published HA state per instance.</summary>
/// <param name="Epoch">The store revision of its HA-state record (0: nothing published).</param>
public sealed record UnitHaView(string Name, string? Host, string? Presence, string? Operational, IReadOnlyList<InstanceHaView> Instances, long Epoch);
