namespace Nines.Api.Endpoints;

/// <summary>A redundancy group and its units' HA states.</summary>
/// <param name="QualifiedName">The name services use for their HA state and checkpoints: <c>tenant.deployment.group</c>.</param>
/// <param name="Managed">True when an availability manager in this controller runs the group.</param>
public sealed record RedundancyGroupView(string Name, string QualifiedName, string Model, IReadOnlyList<string> Members, bool Managed, IReadOnlyList<UnitHaView> Units);
