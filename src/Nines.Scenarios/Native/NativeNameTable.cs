namespace Nines.Scenarios.Native;

/// <summary>
/// The spelling of one closed set of values in the native format, shared by the reader and the writer
/// so the two can never disagree.
/// </summary>
internal sealed class NativeNameTable<T>
    where T : notnull
{
    private readonly (T Value, string Name)[] _entries;

    public NativeNameTable(string description, params (T Value, string Name)[] entries)
    {
        Description = description;
        _entries = entries;
        Allowed = string.Join(", ", entries.Select(e => e.Name));
    }

    /// <summary>What the values are, for messages (e.g. <c>network mode</c>).</summary>
    public string Description { get; }

    /// <summary>Every accepted spelling, comma-separated, for messages.</summary>
    public string Allowed { get; }

    public string NameOf(T value)
    {
        foreach (var entry in _entries)
        {
            if (EqualityComparer<T>.Default.Equals(entry.Value, value))
            {
                return entry.Name;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(value), value, $"no native name for this {Description}");
    }

    public bool TryParse(string text, out T value)
    {
        foreach (var entry in _entries)
        {
            if (string.Equals(entry.Name, text, StringComparison.Ordinal))
            {
                value = entry.Value;
                return true;
            }
        }

        value = default!;
        return false;
    }
}
