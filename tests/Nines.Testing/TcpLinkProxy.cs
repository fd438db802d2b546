using System.Net;
using System.Net.Sockets;

namespace Nines.Testing;

/// <summary>
/// A loopback TCP relay standing in for one network link, for fault tests: clients connect to <see cref="Url"/> and
/// are relayed to <see cref="Target"/>. <see cref="Cut"/> plays a partition: every open connection is torn down and
/// new ones are accepted but never answered (packets vanish, so callers hit their own timeouts, as on a dead link).
/// <see cref="Restore"/> heals it.
/// </summary>
public sealed class TcpLinkProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly List<TcpClient> _open = [];
    private readonly Task _accepting;
    private volatile bool _cut;

    public TcpLinkProxy(IPEndPoint? target = null)
    {
        Target = target;
        _listener.Start();
        Url = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");
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
        _listener.Stop();
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
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            Track(client);
            if (_cut)
            {
                continue; // held open and silent until Restore or Cut closes it
            }

            _ = Task.Run(() => RelayAsync(client));
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        var target = Target;
        if (target is null)
        {
            client.Dispose();
            return;
        }

        var upstream = new TcpClient();
        Track(upstream);
        try
        {
            await upstream.ConnectAsync(target, _stop.Token);
            var a = client.GetStream();
            var b = upstream.GetStream();
            await Task.WhenAny(a.CopyToAsync(b, _stop.Token), b.CopyToAsync(a, _stop.Token));
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // The link was cut or one side went away.
        }
        finally
        {
            client.Dispose();
            upstream.Dispose();
        }
    }

    private void Track(TcpClient client)
    {
        lock (_gate)
        {
            _open.RemoveAll(c => c.Client is null);
            _open.Add(client);
        }
    }

    private void CloseAll()
    {
        lock (_gate)
        {
            foreach (var client in _open)
            {
                try
                {
                    client.Client?.Close(0);
                }
                catch (ObjectDisposedException)
                {
                    // Already gone.
                }

                client.Dispose();
            }

            _open.Clear();
        }
    }
}
