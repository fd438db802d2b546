using Nines.Domain;

namespace Nines.Upgrades.Diff;

/// <summary>A network that differs between two revisions, with its changed values (<c>vlan</c>, <c>external</c>…).</summary>
public sealed record NetworkDiff(string Name, DiffKind Kind, ValueList<FieldChange> Fields);
