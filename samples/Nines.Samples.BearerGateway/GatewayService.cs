using System.Net;
using System.Net.Sockets;
using Nines.StateTransfer.Steering;

namespace Nines.Samples.BearerGateway;

/// <summary>
/// The bearer gateway's data path: one thread per side receives a datagram, updates the bearer under the table's
/// lock and forwards it (uplink to the server, downlink to the bearer's UE endpoint). A steering marker is recorded,
/// never forwarded. While frozen, a receiving thread waits before touching the table, so nothing is processed and
/// nothing is lost (the datagram it holds is processed on resume).
/// </summary>
internal sealed partial class GatewayService : IAsyncDisposable
{
    private const int UeSideIndex = 0;
    private const int ServerSideIndex = 1;

    // Guards the table, the phase and the markers seen; the data threads wait on it while frozen.
    private readonly object _lock = new();
    private readonly BearerTable _table = new();
    private readonly GatewayOptions _options;
    private readonly TimeProvider _time;
    private readonly Socket _ueSocket;
    private readonly Socket _serverSocket;
    private readonly Thread[] _threads;
    private readonly ulong[] _markerSeen = new ulong[2];
    private readonly SemaphoreSlim _markerArrived = new(0);
    private volatile bool _stopping;
    private bool _frozen;

    public GatewayService(GatewayOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _time = time;
        _frozen = options.StartFrozen;
        _ueSocket = Bind(options.UeSide);
        _serverSocket = Bind(options.ServerSide);
        _threads =
        [
            new Thread(() => Receive(_ueSocket, UeSideIndex)) { IsBackground = true, Name = "gateway ue side" },
            new Thread(() => Receive(_serverSocket, ServerSideIndex)) { IsBackground = true, Name = "gateway server side" },
        ];
    }

    /// <summary>The bound UE-side endpoint (a port of 0 is resolved).</summary>
    public IPEndPoint UeSide => (IPEndPoint)_ueSocket.LocalEndPoint!;

    /// <summary>The bound server-side endpoint.</summary>
    public IPEndPoint ServerSide => (IPEndPoint)_serverSocket.LocalEndPoint!;

    public void Start()
    {
        foreach (var thread in _threads)
        {
            thread.Start();
        }
    }

    /// <summary>Copies of every bearer, for tests and the status line.</summary>
    public IReadOnlyList<Bearer> Snapshot()
    {
        lock (_lock)
        {
            return [.. _table.Bearers.Select(b => b.Copy())];
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        lock (_lock)
        {
            Monitor.PulseAll(_lock);
        }

        _ueSocket.Dispose();
        _serverSocket.Dispose();
        foreach (var thread in _threads.Where(t => t.IsAlive))
        {
            await Task.Run(thread.Join).ConfigureAwait(false);
        }

        _markerArrived.Dispose();
    }

    private static Socket Bind(IPEndPoint endpoint)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 4 << 20, SendBufferSize = 4 << 20 };
        socket.Bind(endpoint);
        return socket;
    }

    private void Receive(Socket socket, int side)
    {
        var buffer = new byte[65536];
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        while (!_stopping)
        {
            int length;
            try
            {
                length = socket.ReceiveFrom(buffer, ref from);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }

            Process(buffer.AsSpan(0, length), side);
        }
    }

    private void Process(ReadOnlySpan<byte> packet, int side)
    {
        if (SteeringMarker.TryRead(packet, out var token))
        {
            lock (_lock)
            {
                _markerSeen[side] = token;
            }

            _markerArrived.Release();
            return;
        }

        IPEndPoint? forwardTo = null;
        var ack = false;
        uint teid;
        lock (_lock)
        {
            while (_frozen && !_stopping)
            {
                Monitor.Wait(_lock);
            }

            if (_stopping)
            {
                return;
            }

            if (side == UeSideIndex && GatewayPacket.TryReadCreate(packet, out teid, out var imsi, out var ue, out var qci))
            {
                forwardTo = _table.CreateOrRefresh(teid, imsi, ue, qci, _time.GetUtcNow().ToUnixTimeMilliseconds()).UeEndpoint;
                ack = true;
            }
            else if (GatewayPacket.TryReadData(packet, out teid, out var sequence, out _))
            {
                var bearer = _table.Find(teid);
                if (bearer is null)
                {
                    _table.UnknownTeidDrops++;
                }
                else if (side == UeSideIndex)
                {
                    bearer.UplinkPackets++;
                    bearer.UplinkBytes += (ulong)packet.Length;
                    bearer.LastUplinkSequence = sequence;
                    _table.Touch(bearer);
                    forwardTo = _options.Server;
                }
                else
                {
                    bearer.DownlinkPackets++;
                    bearer.DownlinkBytes += (ulong)packet.Length;
                    bearer.LastDownlinkSequence = sequence;
                    _table.Touch(bearer);
                    forwardTo = bearer.UeEndpoint;
                }
            }
            else
            {
                // Not ours: ignored, as a gateway ignores garbage on its ports.
                return;
            }
        }

        if (forwardTo is null)
        {
            return;
        }

        try
        {
            if (ack)
            {
                Span<byte> reply = stackalloc byte[GatewayPacket.AckLength];
                GatewayPacket.WriteAck(reply, teid);
                _ueSocket.SendTo(reply, SocketFlags.None, forwardTo);
            }
            else
            {
                // Uplink leaves from the server side, downlink from the UE side.
                (side == UeSideIndex ? _serverSocket : _ueSocket).SendTo(packet, SocketFlags.None, forwardTo);
            }
        }
        catch (SocketException)
        {
            // An unreachable peer (ICMP) is its loss, not the gateway's state.
        }
        catch (ObjectDisposedException)
        {
            // Stopping.
        }
    }
}
