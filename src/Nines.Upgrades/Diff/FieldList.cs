using System.Globalization;
using Nines.Domain;

namespace Nines.Upgrades.Diff;

/// <summary>Collects the <see cref="FieldChange"/>s of one comparison, leaving equal values out.</summary>
internal sealed class FieldList
{
    private readonly List<FieldChange> _changes = [];

    /// <summary>
    /// Records the field when <paramref name="before"/> and <paramref name="after"/> differ (by value; lists by content).
    /// <paramref name="render"/> writes a value short; when two different values render alike, their full forms are shown.
    /// </summary>
    public void Add<T>(string field, T before, T after, bool restart, string reason, Func<T, string?>? render = null)
    {
        if (EqualityComparer<T>.Default.Equals(before, after))
        {
            return;
        }

        var shortBefore = render is null ? Text(before) : render(before);
        var shortAfter = render is null ? Text(after) : render(after);
        if (shortBefore == shortAfter)
        {
            (shortBefore, shortAfter) = (Text(before), Text(after));
        }

        _changes.Add(new FieldChange(field, shortBefore, shortAfter, restart, reason));
    }

    public ValueList<FieldChange> ToList() => ValueList.From(_changes);

    private static string? Text<T>(T value) => value switch
    {
        null => null,
        bool b => b ? "true" : "false",
        Enum e => DiffValues.EnumName(e),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
