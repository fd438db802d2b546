namespace Nines.Controller.Hosting;

/// <summary>A write of a controller whose term has ended: another controller leads now (or nobody does).</summary>
public sealed class LeadershipLostException : InvalidOperationException
{
    public LeadershipLostException()
    {
    }

    public LeadershipLostException(string message)
        : base(message)
    {
    }

    public LeadershipLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public LeadershipLostException(string electionKey, long termRevision, long currentRevision)
        : base(currentRevision == 0
            ? $"not the leader any more: the election key {electionKey} of this term (created at revision {termRevision}) is gone"
            : $"not the leader any more: the election key {electionKey} was created again at revision {currentRevision} (this term's was {termRevision})")
    {
        TermRevision = termRevision;
        CurrentRevision = currentRevision;
    }

    /// <summary>The election key's create revision in the ended term.</summary>
    public long TermRevision { get; }

    /// <summary>Its create revision now (0 when nobody holds it).</summary>
    public long CurrentRevision { get; }
}
