using System.Net;
using System.Net.Sockets;
using Nines.StateTransfer.Steering;
using Nines.VnfStateMigration;

namespace Nines.Testing.Functions;

/// <summary>One port of a <see cref="UdpSteeringForwarder"/>: a bound socket and the target's port it forwards to.</summary>
/// <param name="Name">For people (e.g. <c>ue-side</c>).</param>
/// <param name="Socket">A bound UDP socket (the forwarder owns it; it may have been made inside a network namespace).</param>
/// <param name="TargetPort">The port on the target instance.</param>
public sealed record SteeredPort(string Name, Socket Socket, int TargetPort);

/// <summary>
/// A userspace UDP steering point: every datagram that reaches a port goes to the same port role on the current
/// target. While held, datagrams are kept in one queue in arrival order (every port) and flushed to the new target on
/// switch, so a migration delays packets but loses none. Forwarding and holding share one lock, so the marker sent at
/// hold time is behind everything forwarded before it and ahead of nothing.
/// </summary>
public sealed class UdpSteeringForwarder : ISteeringPoint, IDisposable
{
    private readonly Lock _lock = new();
    private readonly SteeredPort[] _ports;
    private readonly Thread[] _threads;
    private readonly Queue<(int Port, byte[] Datagram)> _held = new();
    private readonly TimeProvider _time;
    private IPAddress _target;
    private bool _holding;
    private long _holdStarted;
    private long _dropped;
    private volatile bool _stopping;

    public UdpSteeringForwarder(IReadOnlyList<SteeredPort> ports, IPAddress target, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(ports);
        ArgumentNullException.ThrowIfNull(target);
        if (ports.Count == 0)
        {
            throw new ArgumentException("a steering point needs at least one port", nameof(ports));
        }

        _ports = [.. ports];
        _target = target;
        _time = time;
        _threads = [.. _ports.Select((p, i) => new Thread(() => Forward(i)) { IsBackground = true, Name = $"steering {p.Name}" })];
        foreach (var port in _ports)
        {
            port.Socket.ReceiveBufferSize = 8 << 20;
            port.Socket.SendBufferSize = 8 << 20;
        }
    }

    /// <summary>The most datagrams kept while held; more are dropped and counted (a migration that stalls must not exhaust memory).</summary>
    public int MaxHeldPackets { get; init; } = 1_000_000;

    public IPAddress Target
    {
        get
        {
            lock (_lock)
            {
                return _target;
            }
        }
    }

    /// <summary>Datagrams forwarded (live or flushed).</summary>
    public long Forwarded { get; private set; }

    /// <summary>The most datagrams held at once.</summary>
    public long MostHeld { get; private set; }

    public void Start()
    {
        foreach (var thread in _threads)
        {
            thread.Start();
        }
    }

    public Task HoldAsync(ulong token, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_holding)
            {
                throw new InvalidOperationException("the steering point already holds traffic");
            }

            var marker = SteeringMarker.Create(token);
            foreach (var port in _ports)
            {
                port.Socket.SendTo(marker, new IPEndPoint(_target, port.TargetPort));
            }

            _holding = true;
            _holdStarted = _time.GetTimestamp();
            _dropped = 0;
        }

        return Task.CompletedTask;
    }

    public Task<SteeringSwitch> SwitchAsync(IPAddress target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        lock (_lock)
        {
            _target = target;
            return Task.FromResult(Flush_NeedsLock());
        }
    }

    public Task<SteeringSwitch> ReleaseAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(Flush_NeedsLock());
        }
    }

    public void Dispose()
    {
        _stopping = true;
        foreach (var port in _ports)
        {
            port.Socket.Dispose();
        }

        foreach (var thread in _threads.Where(t => t.IsAlive))
        {
            thread.Join();
        }
    }

    private SteeringSwitch Flush_NeedsLock()
    {
        var heldFor = _holding ? _time.GetElapsedTime(_holdStarted) : TimeSpan.Zero;
        var flushed = 0L;
        while (_held.TryDequeue(out var item))
        {
            Send_NeedsLock(item.Port, item.Datagram);
            flushed++;
        }

        _holding = false;
        return new SteeringSwitch(flushed, _dropped, heldFor);
    }

    private void Forward(int index)
    {
        var socket = _ports[index].Socket;
        var buffer = new byte[65536];
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        while (!_stopping)
        {
            int length;
            try
            {
                length = socket.ReceiveFrom(buffer, ref from);
            }
            catch (SocketException) when (!_stopping)
            {
                // An ICMP error from an earlier send (a target that went away): keep forwarding.
                continue;
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }

            lock (_lock)
            {
                if (!_holding)
                {
                    Send_NeedsLock(index, buffer.AsSpan(0, length));
                }
                else if (_held.Count < MaxHeldPackets)
                {
                    _held.Enqueue((index, buffer.AsSpan(0, length).ToArray()));
                    MostHeld = Math.Max(MostHeld, _held.Count);
                }
                else
                {
                    _dropped++;
                }
            }
        }
    }

    private void Send_NeedsLock(int index, ReadOnlySpan<byte> datagram)
    {
        var port = _ports[index];
        try
        {
            port.Socket.SendTo(datagram, SocketFlags.None, new IPEndPoint(_target, port.TargetPort));
            Forwarded++;
        }
        catch (SocketException)
        {
            // Unreachable for the moment (ICMP from an earlier send): the datagram is lost like on a wire; counted by the receiver.
        }
    }
}
