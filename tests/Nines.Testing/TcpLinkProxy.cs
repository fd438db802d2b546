using System.Net;
using System.Net.Sockets;
using Nines.Networking.Namespaces;

namespace Nines.Testing;

/// <summary>
/// A TCP relay for fault tests: clients connect to <see cref="Url"/> and are relayed to <see cref="Target"/>. On
/// loopback it stands in for one network link: <see cref="Cut"/> plays a partition (every open connection is torn
/// down and new ones are accepted but never answered: packets vanish, so callers hit their own timeouts, as on a dead
/// link) and <see cref="Restore"/> heals it. Either end may sit in another network namespace
/// (<see cref="NetworkNamespaceSockets"/>), so the relayed traffic crosses a testbed's real links, which a test then
/// cuts itself.
/// </summary>
public sealed class TcpLinkProxy : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly string? _targetNamespace;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly List<Socket> _open = [];
    private readonly Task _accepting;
    private volatile bool _cut;

    /// <param name="target">Where connections are relayed (null refuses them until <see cref="Target"/> is set).</param>
    /// <param name="listen">Where clients connect (default: a free port on 127.0.0.1).</param>
    /// <param name="listenNamespace">The network namespace <paramref name="listen"/> is in (null: ours).</param>
    /// <param name="targetNamespace">The network namespace connections to <paramref name="target"/> are made from (null: ours).</param>
    public TcpLinkProxy(IPEndPoint? target = null, IPEndPoint? listen = null, string? listenNamespace = null, string? targetNamespace = null)
    {
        Target = target;
        _targetNamespace = targetNamespace;
        _listener = NetworkNamespaceSockets.Create(listenNamespace);
        _listener.Bind(listen ?? new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen();
        var bound = (IPEndPoint)_listener.LocalEndPoint!;
        Url = new Uri($"http://{bound.Address}:{bound.Port}");
        _accepting = Task.Run(AcceptAsync);
    }

    /// <summary>Where clients connect.</summary>
    public Uri Url { get; }

    /// <summary>Where connections are relayed (settable once the target's port is known); null refuses them.</summary>
    public IPEndPoint? Target { get; set; }

    /// <summary>True while the link is cut.</summary>
    public bool IsCut => _cut;

    /// <summary>A proxy for <paramref name="target"/> (an <c>http://127.0.0.1:PORT</c> URL).</summary>
    public static TcpLinkProxy For(Uri target) => new(new IPEndPoint(IPAddress.Parse(target.Host), target.Port));

    /// <summary>Cuts the link: open connections break, new ones hang.</summary>
    public void Cut()
    {
        _cut = true;
        CloseAll();
    }

    /// <summary>Heals the link: connections made while it was cut are dropped, new ones are relayed again.</summary>
    public void Restore()
    {
        CloseAll();
        _cut = false;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        CloseAll();
        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptAsync(_stop.Token);
            Track(client);
            if (_cut)
            {
                continue; // held open and silent until Restore or Cut closes it
            }

            _ = Task.Run(() => RelayAsync(client));
        }
    }

    private async Task RelayAsync(Socket client)
    {
        var target = Target;
        if (target is null)
        {
            Close(client);
            return;
        }

        Socket? upstream = null;
        try
        {
            upstream = NetworkNamespaceSockets.Create(_targetNamespace);
            Track(upstream);
            await upstream.ConnectAsync(target, _stop.Token);
            await using var a = new NetworkStream(client, ownsSocket: false);
            await using var b = new NetworkStream(upstream, ownsSocket: false);
            await Task.WhenAny(a.CopyToAsync(b, _stop.Token), b.CopyToAsync(a, _stop.Token));
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // The link was cut or one side went away.
        }
        finally
        {
            Close(client);
            if (upstream is not null)
            {
                Close(upstream);
            }
        }
    }

    private void Track(Socket socket)
    {
        lock (_gate)
        {
            _open.Add(socket);
        }
    }

    /// <summary>Closes at once (a reset, no lingering) and forgets the socket.</summary>
    private void Close(Socket socket)
    {
        lock (_gate)
        {
            _open.Remove(socket);
        }

        try
        {
            socket.Close(0);
        }
        catch (ObjectDisposedException)
        {
            // Already gone.
        }
    }

    private void CloseAll()
    {
        List<Socket> open;
        lock (_gate)
        {
            open = [.. _open];
        }

        foreach (var socket in open)
        {
            Close(socket);
        }
    }
}
