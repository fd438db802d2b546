using System.Collections.Immutable;

namespace Nines.Domain;

/// <summary>Factory helpers for <see cref="ValueList{T}"/>.</summary>
public static class ValueList
{
    public static ValueList<T> From<T>(IEnumerable<T> items) => new(items);

    public static ValueList<T> Of<T>(params T[] items) => items;

    /// <summary>Builds a list from a collection expression (<c>[a, b, .. rest]</c>).</summary>
    public static ValueList<T> Create<T>(ReadOnlySpan<T> items) => ImmutableArray.Create(items);
}
