namespace Nines.StateTransfer.Format;

/// <summary>A state document that cannot be read: names where (byte offset) and what (field) was wrong.</summary>
public sealed class StateFormatException : Exception
{
    public StateFormatException(string message, long offset, string? field = null)
        : base(field is null ? $"{message} (at byte {offset})" : $"{field}: {message} (at byte {offset})")
    {
        Reason = message;
        Offset = offset;
        Field = field;
    }

    public StateFormatException()
    {
    }

    public StateFormatException(string message)
        : base(message)
    {
    }

    public StateFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>What was wrong, without the field and offset.</summary>
    public string Reason { get; } = string.Empty;

    /// <summary>The byte offset in the document where reading failed.</summary>
    public long Offset { get; }

    /// <summary>The field (path) being read, e.g. <c>section[0] 'bearers' record[17] tag 3</c>.</summary>
    public string? Field { get; }
}
