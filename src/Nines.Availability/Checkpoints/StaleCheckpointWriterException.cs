namespace Nines.Availability.Checkpoints;

/// <summary>
/// A writer whose epoch is older than the checkpoint's: a newer active took over, so this one must stop
/// serving. Nothing was written.
/// </summary>
public sealed class StaleCheckpointWriterException : Exception
{
    public StaleCheckpointWriterException()
    {
    }

    public StaleCheckpointWriterException(string message)
        : base(message)
    {
    }

    public StaleCheckpointWriterException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The error for writer epoch <paramref name="epoch"/> against the checkpoint's <paramref name="current"/>.</summary>
    public StaleCheckpointWriterException(string checkpoint, long epoch, long current)
        : base($"checkpoint {checkpoint} belongs to epoch {current}; a writer of epoch {epoch} may no longer write it")
    {
        Epoch = epoch;
        CurrentEpoch = current;
    }

    /// <summary>The stale writer's epoch.</summary>
    public long Epoch { get; }

    /// <summary>The epoch that owns the checkpoint now.</summary>
    public long CurrentEpoch { get; }
}
