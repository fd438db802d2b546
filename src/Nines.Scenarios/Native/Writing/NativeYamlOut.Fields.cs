using Nines.Domain;

namespace Nines.Scenarios.Native.Writing;

/// <summary>Key/value helpers that leave out unset values, so the output holds only what the model says.</summary>
internal sealed partial class NativeYamlOut
{
    public void Field(string key, string? value)
    {
        if (value is not null)
        {
            Key(key);
            String(value);
        }
    }

    public void Field(string key, long? value)
    {
        if (value is { } number)
        {
            Key(key);
            Number(number);
        }
    }

    public void Field(string key, bool? value)
    {
        if (value is { } flag)
        {
            Key(key);
            Boolean(flag);
        }
    }

    /// <summary>A value from a closed set or a size: always plain.</summary>
    public void PlainField(string key, string? value)
    {
        if (value is not null)
        {
            Key(key);
            Plain(value);
        }
    }

    /// <summary>A nested record written as a mapping; nothing when it is null.</summary>
    public void Record<T>(string key, T? value, Action<T> writeFields, bool flow = false)
        where T : class
    {
        if (value is null)
        {
            return;
        }

        Key(key);
        BeginMapping(flow);
        writeFields(value);
        EndMapping();
    }

    /// <summary>A list of records, each a mapping; nothing when the list is empty.</summary>
    public void Records<T>(string key, ValueList<T> items, Action<T> writeFields, bool flow = false)
    {
        if (items.IsEmpty)
        {
            return;
        }

        Key(key);
        BeginSequence();
        foreach (var item in items)
        {
            BeginMapping(flow);
            writeFields(item);
            EndMapping();
        }

        EndSequence();
    }

    /// <summary>A list of strings on one line; nothing when empty.</summary>
    public void Strings(string key, IEnumerable<string> items)
    {
        var list = items.ToList();
        if (list.Count == 0)
        {
            return;
        }

        Key(key);
        BeginSequence(flow: true);
        foreach (var item in list)
        {
            String(item);
        }

        EndSequence();
    }
}
