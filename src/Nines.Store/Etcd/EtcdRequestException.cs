namespace Nines.Store.Etcd;

/// <summary>etcd answered a request with an error that Nines has no better exception for.</summary>
public sealed class EtcdRequestException : Exception
{
    public EtcdRequestException()
    {
    }

    public EtcdRequestException(string message)
        : base(message)
    {
    }

    public EtcdRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the error etcd at <paramref name="endpoint"/> returned for <paramref name="path"/>.</summary>
    public EtcdRequestException(Uri endpoint, string path, int grpcCode, string serverMessage)
        : base($"etcd at {endpoint} rejected {path}: {serverMessage} (gRPC code {grpcCode})")
    {
        Endpoint = endpoint;
        GrpcCode = grpcCode;
        ServerMessage = serverMessage;
    }

    /// <summary>The endpoint that answered.</summary>
    public Uri? Endpoint { get; }

    /// <summary>The gRPC status code (3 invalid argument, 5 not found, 11 out of range, 14 unavailable …).</summary>
    public int GrpcCode { get; }

    /// <summary>etcd's message, such as "etcdserver: requested lease not found".</summary>
    public string ServerMessage { get; } = "";
}
