using System.Net.Sockets;
using Nines.StateTransfer.Protocol;

namespace Nines.Samples.BearerGateway;

/// <summary>
/// Serves the state protocol on a Unix socket: a path is reachable from every network namespace on the machine, so
/// the orchestrator reaches a gateway on a namespace host without a route into it.
/// </summary>
internal sealed class ControlEndpoint : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly string _path;

    public ControlEndpoint(string path, IStatefulFunction function)
    {
        _path = path;
        File.Delete(path);
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(path));
        _listener.Listen(8);
        _accepting = AcceptAsync(function, _stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        try
        {
            await _accepting.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        File.Delete(_path);
        _stop.Dispose();
    }

    private async Task AcceptAsync(IStatefulFunction function, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await _listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(
                async () =>
                {
                    await using var stream = new NetworkStream(connection, ownsSocket: true);
                    try
                    {
                        await StateControlServer.ServeAsync(stream, function, cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
                    {
                        // The orchestrator went away or the gateway stops.
                    }
                },
                CancellationToken.None);
        }
    }
}
