namespace Nines.Store.Etcd;

/// <summary>
/// No etcd endpoint answered, or the one asked timed out or had no leader. Transient: the cluster may be
/// electing a leader or restarting a member. For a write the outcome is unknown; re-read before retrying.
/// </summary>
public sealed class EtcdUnavailableException : IOException
{
    public EtcdUnavailableException()
    {
    }

    public EtcdUnavailableException(string message)
        : base(message)
    {
    }

    public EtcdUnavailableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
