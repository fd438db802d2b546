using System.Text;
using System.Text.Json;

namespace Nines.Store;

/// <summary>Conveniences for JSON and text values over <see cref="IStateStore"/>.</summary>
public static class StateStoreJsonExtensions
{
    /// <summary>The UTF-8 JSON of <paramref name="value"/>, for a put or a value compare.</summary>
    public static ReadOnlyMemory<byte> ToJsonValue<T>(T value, JsonSerializerOptions? options = null) =>
        JsonSerializer.SerializeToUtf8Bytes(value, options);

    /// <summary>The entry's value read as JSON.</summary>
    public static T? ValueAsJson<T>(this KeyValueEntry entry, JsonSerializerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return JsonSerializer.Deserialize<T>(entry.Value.Span, options);
    }

    /// <summary>The entry's value decoded as UTF-8 text.</summary>
    public static string ValueAsString(this KeyValueEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return Encoding.UTF8.GetString(entry.Value.Span);
    }

    /// <summary>Puts <paramref name="value"/> as JSON; returns the new revision.</summary>
    public static Task<long> PutJsonAsync<T>(
        this IStateStore store,
        StoreKey key,
        T value,
        long lease = 0,
        JsonSerializerOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.PutAsync(key, ToJsonValue(value, options), lease, cancellationToken);
    }

    /// <summary>Puts <paramref name="value"/> as UTF-8 text; returns the new revision.</summary>
    public static Task<long> PutStringAsync(
        this IStateStore store,
        StoreKey key,
        string value,
        long lease = 0,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.PutAsync(key, Encoding.UTF8.GetBytes(value), lease, cancellationToken);
    }

    /// <summary>The key's value read as JSON, or default when the key does not exist.</summary>
    public static async Task<T?> GetJsonAsync<T>(
        this IStateStore store,
        StoreKey key,
        JsonSerializerOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var entry = await store.GetAsync(key, cancellationToken).ConfigureAwait(false);
        return entry is null ? default : entry.ValueAsJson<T>(options);
    }
}
