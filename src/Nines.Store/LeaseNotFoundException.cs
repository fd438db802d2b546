namespace Nines.Store;

/// <summary>The lease does not exist: never granted, revoked, or expired.</summary>
public sealed class LeaseNotFoundException : Exception
{
    public LeaseNotFoundException()
    {
    }

    public LeaseNotFoundException(string message)
        : base(message)
    {
    }

    public LeaseNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the error for lease <paramref name="lease"/>.</summary>
    public LeaseNotFoundException(long lease)
        : base($"lease {lease} does not exist (never granted, revoked, or expired)")
    {
        Lease = lease;
    }

    /// <summary>The lease asked for.</summary>
    public long Lease { get; }
}
