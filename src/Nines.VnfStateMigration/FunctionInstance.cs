using System.Net;
using System.Net.Sockets;
using Nines.StateTransfer.Protocol;

namespace Nines.VnfStateMigration;

/// <summary>A host a network function can run on: a name, its network namespace and the address its traffic reaches it at.</summary>
/// <param name="Name">The host's name.</param>
/// <param name="NetworkNamespace">The network namespace its programs run in (a namespace host).</param>
/// <param name="DataAddress">Where a steering point sends the function's traffic on this host.</param>
public sealed record FunctionHost(string Name, string NetworkNamespace, IPAddress DataAddress);

/// <summary>A running instance of a network function: where it is and how to reach its state-protocol endpoint.</summary>
public interface IFunctionInstance : IAsyncDisposable
{
    /// <summary>The host it runs on.</summary>
    FunctionHost Host { get; }

    /// <summary>The Unix socket of its state-protocol endpoint.</summary>
    string ControlPath { get; }

    /// <summary>Whether its process is still running.</summary>
    bool Running { get; }

    /// <summary>Stops it: graceful (SIGTERM) first, forced after the grace period.</summary>
    Task RetireAsync(TimeSpan grace, CancellationToken cancellationToken);
}

/// <summary>Starts a function's instance on a host.</summary>
public interface IFunctionInstanceLauncher
{
    /// <summary>Starts an instance on <paramref name="host"/>; <paramref name="frozen"/> starts it empty and frozen, waiting for a state.</summary>
    Task<IFunctionInstance> LaunchAsync(FunctionHost host, bool frozen, CancellationToken cancellationToken);
}

/// <summary>Connects to a function's state-protocol endpoint.</summary>
public static class FunctionControl
{
    /// <summary>A client on a new connection to <paramref name="instance"/>'s Unix socket.</summary>
    public static async Task<StateControlClient> ConnectAsync(IFunctionInstance instance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(instance.ControlPath), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new StateControlClient(new NetworkStream(socket, ownsSocket: true));
    }
}
