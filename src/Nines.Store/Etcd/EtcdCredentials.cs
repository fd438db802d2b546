namespace Nines.Store.Etcd;

/// <summary>An etcd user and its password (etcd's own authentication, <c>etcdctl auth enable</c>).</summary>
/// <param name="User">The etcd user name.</param>
/// <param name="Password">Its password; never logged or shown.</param>
public sealed record EtcdCredentials(string User, string Password)
{
    /// <summary>The user only: a password never reaches a log line or an error message.</summary>
    public override string ToString() => $"etcd user {User}";
}
