namespace Nines.Domain.Diagnostics;

/// <summary>
/// The outcome of reading an input: the value when there were no errors, and every diagnostic found.
/// Warnings may accompany a value; any error means there is no value.
/// </summary>
public sealed record ParseResult<T>(T? Value, ValueList<Diagnostic> Diagnostics)
    where T : class
{
    public bool Succeeded => Value is not null && !Diagnostics.Any(d => d.IsError);

    public IEnumerable<Diagnostic> Errors => Diagnostics.Where(d => d.IsError);

    public IEnumerable<Diagnostic> Warnings => Diagnostics.Where(d => !d.IsError);

    public static ParseResult<T> From(T? value, DiagnosticBag diagnostics) =>
        new(diagnostics.HasErrors ? null : value, diagnostics.ToSortedList());

    public static ParseResult<T> Failure(Diagnostic error) => new(null, ValueList.Of(error));
}
