using Nines.Domain;

namespace Nines.Upgrades.Diff;

/// <summary>A redundancy group that differs between two revisions, with its changed values (<c>members</c>, <c>model</c>…).</summary>
public sealed record GroupDiff(string Name, DiffKind Kind, ValueList<FieldChange> Fields);
