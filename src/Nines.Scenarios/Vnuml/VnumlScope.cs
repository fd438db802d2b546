namespace Nines.Scenarios.Vnuml;

/// <summary>
/// Where the reader is: <paramref name="Owner"/> starts messages (<c>vm "uml2"</c>), <paramref name="Path"/>
/// is the diagnostic field (<c>vm[uml2]/if[1]</c>).
/// </summary>
internal readonly record struct VnumlScope(string Owner, string Path)
{
    public static VnumlScope Root => new(string.Empty, string.Empty);

    /// <summary>A nested element; <paramref name="ownerPart"/> extends the message prefix when it helps find the spot.</summary>
    public VnumlScope Child(string segment, string? ownerPart = null) =>
        new(ownerPart is null ? Owner : Owner.Length == 0 ? ownerPart : $"{Owner}, {ownerPart}", Path.Length == 0 ? segment : $"{Path}/{segment}");

    public string Field(string name) => Path.Length == 0 ? name : $"{Path}/{name}";

    public string AttributeField(string name) => Field("@" + name);

    public string Say(string message) => Owner.Length == 0 ? message : $"{Owner}: {message}";
}
