namespace Nines.Store.Etcd;

/// <summary>One line of a streamed response: a result, or an error that ends the stream.</summary>
internal sealed class EtcdStreamMessage<T>
    where T : class
{
    public T? Result { get; set; }

    public EtcdStreamError? Error { get; set; }
}
