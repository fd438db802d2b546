namespace Nines.Store.Etcd;

/// <summary>The body of a failed unary call.</summary>
internal sealed class EtcdErrorBody
{
    public string? Error { get; set; }

    public string? Message { get; set; }

    public int Code { get; set; }
}
