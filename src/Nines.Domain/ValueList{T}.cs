using System.Collections;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;

namespace Nines.Domain;

/// <summary>
/// An immutable list with structural equality, so records that hold lists compare by content
/// (which is what makes "native → model → native is lossless" checkable).
/// </summary>
/// <remarks>
/// The collection builder makes <c>ValueList&lt;T&gt; x = [a, b]</c> work: without it the compiler would use the
/// non-mutating <see cref="Add"/> as a collection initializer and silently produce an empty list.
/// </remarks>
[System.Text.Json.Serialization.JsonConverter(typeof(ValueListJsonConverterFactory))]
[CollectionBuilder(typeof(ValueList), nameof(ValueList.Create))]
public readonly struct ValueList<T> : IReadOnlyList<T>, IEquatable<ValueList<T>>
{
    private readonly ImmutableArray<T> _items;

    public ValueList(IEnumerable<T> items) => _items = [.. items];

    private ValueList(ImmutableArray<T> items) => _items = items;

    public static ValueList<T> Empty => new(ImmutableArray<T>.Empty);

    public int Count => _items.IsDefault ? 0 : _items.Length;

    public bool IsEmpty => Count == 0;

    public T this[int index] => _items[index];

    public static implicit operator ValueList<T>(T[] items) => new(ImmutableArray.Create(items));

    public static implicit operator ValueList<T>(List<T> items) => new(items);

    public static implicit operator ValueList<T>(ImmutableArray<T> items) => new(items);

    public static bool operator ==(ValueList<T> left, ValueList<T> right) => left.Equals(right);

    public static bool operator !=(ValueList<T> left, ValueList<T> right) => !left.Equals(right);

    public ValueList<T> Add(T item) => new((_items.IsDefault ? [] : _items).Add(item));

    public bool Equals(ValueList<T> other)
    {
        if (Count != other.Count)
        {
            return false;
        }

        var comparer = EqualityComparer<T>.Default;
        for (var i = 0; i < Count; i++)
        {
            if (!comparer.Equals(_items[i], other._items[i]))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => obj is ValueList<T> other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in this)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }

    public IEnumerator<T> GetEnumerator() =>
        ((IEnumerable<T>)(_items.IsDefault ? ImmutableArray<T>.Empty : _items)).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => "[" + string.Join(", ", this) + "]";
}
