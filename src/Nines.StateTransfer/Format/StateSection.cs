namespace Nines.StateTransfer.Format;

/// <summary>A named list of records, e.g. <c>bearers</c>.</summary>
public sealed record StateSection(string Name, IReadOnlyList<StateRecord> Records)
{
    public bool Equals(StateSection? other) => other is not null && Name == other.Name && Records.SequenceEqual(other.Records);

    public override int GetHashCode() => HashCode.Combine(Name, Records.Count);
}
