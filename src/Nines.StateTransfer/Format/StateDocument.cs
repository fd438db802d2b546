namespace Nines.StateTransfer.Format;

/// <summary>
/// A network function's exported state: what it is (<paramref name="Kind"/>, e.g. <c>nines.bearer-gateway</c>), the
/// version of its own schema (which tags mean what), and named sections of records. Encoded by <see cref="StateCodec"/>.
/// </summary>
/// <param name="Kind">The function's name; an importer refuses another function's state.</param>
/// <param name="SchemaVersion">The function's schema version; an importer refuses versions it does not know.</param>
/// <param name="Sections">Named lists of records (names distinct).</param>
public sealed record StateDocument(string Kind, uint SchemaVersion, IReadOnlyList<StateSection> Sections)
{
    /// <summary>The section named <paramref name="name"/>; a clear error when it is absent.</summary>
    public StateSection Section(string name) =>
        Sections.FirstOrDefault(s => s.Name == name) ?? throw new StateFormatException($"section '{name}' is missing");

    /// <summary>Every record of every section.</summary>
    public int RecordCount => Sections.Sum(s => s.Records.Count);

    public bool Equals(StateDocument? other) =>
        other is not null && Kind == other.Kind && SchemaVersion == other.SchemaVersion && Sections.SequenceEqual(other.Sections);

    public override int GetHashCode() => HashCode.Combine(Kind, SchemaVersion, Sections.Count);
}
