namespace Nines.Domain.Diagnostics;

/// <summary>Collects every diagnostic of one pass, so all problems in an input are reported together.</summary>
public sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = [];

    public IReadOnlyList<Diagnostic> Items => _items;

    public bool HasErrors => _items.Exists(d => d.IsError);

    public void Add(Diagnostic diagnostic) => _items.Add(diagnostic);

    public void AddRange(IEnumerable<Diagnostic> diagnostics) => _items.AddRange(diagnostics);

    public void Error(string code, SourceLocation location, string? field, string message) =>
        _items.Add(Diagnostic.Error(code, location, field, message));

    public void Warning(string code, SourceLocation location, string? field, string message) =>
        _items.Add(Diagnostic.Warning(code, location, field, message));

    /// <summary>The diagnostics sorted by position, the order a reader of the file expects.</summary>
    public ValueList<Diagnostic> ToSortedList() =>
        ValueList.From(_items
            .OrderBy(d => d.Location.File, StringComparer.Ordinal)
            .ThenBy(d => d.Location.Line)
            .ThenBy(d => d.Location.Column));
}
