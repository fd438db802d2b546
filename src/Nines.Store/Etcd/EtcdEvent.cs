namespace Nines.Store.Etcd;

internal sealed class EtcdEvent
{
    /// <summary>"DELETE", or absent for a put (the enum's zero value is omitted).</summary>
    public string? Type { get; set; }

    public EtcdKeyValue? Kv { get; set; }

    public EtcdKeyValue? PrevKv { get; set; }
}
