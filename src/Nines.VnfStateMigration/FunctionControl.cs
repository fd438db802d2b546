using System.Net.Sockets;
using Nines.StateTransfer.Protocol;

namespace Nines.VnfStateMigration;

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
