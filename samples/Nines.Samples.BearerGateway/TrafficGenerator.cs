using System.Net;
using System.Net.Sockets;

namespace Nines.Samples.BearerGateway;

/// <summary>
/// The UE and the server at once: opens N bearers through the gateway (create, wait for the ack, resend), then
/// sends a steady stream — uplink from the UE socket, downlink from the server socket, alternating, round robin over
/// the bearers, one sequence number per bearer and direction — and counts at the receiving ends what arrived, lost,
/// reordered, the largest gap and the latency. The sockets are the caller's (bound, e.g. inside a test's network
/// namespace); the generator owns them from then on.
/// </summary>
internal sealed class TrafficGenerator : IDisposable
{
    private const int Uplink = 0;
    private const int Downlink = 1;

    private readonly Socket _ue;
    private readonly Socket _server;
    private readonly TrafficOptions _options;
    private readonly TimeProvider _time;
    private readonly bool[] _acked;
    private readonly DirectionStats[] _stats;
    private readonly long[][] _sent;
    private readonly Thread[] _receivers;
    private int _ackCount;
    private volatile bool _stopping;

    public TrafficGenerator(Socket ue, Socket server, TrafficOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _ue = ue;
        _server = server;
        _options = options;
        _time = time;
        _acked = new bool[options.Bearers];
        _stats = [new DirectionStats(options.Bearers), new DirectionStats(options.Bearers)];
        _sent = [new long[options.Bearers], new long[options.Bearers]];
        _ue.ReceiveBufferSize = _server.ReceiveBufferSize = 8 << 20;
        _receivers =
        [
            new Thread(() => Receive(_ue, Downlink)) { IsBackground = true, Name = "traffic ue receiver" },
            new Thread(() => Receive(_server, Uplink)) { IsBackground = true, Name = "traffic server receiver" },
        ];
        foreach (var thread in _receivers)
        {
            thread.Start();
        }
    }

    /// <summary>Data packets received so far, both directions.</summary>
    public long Received => _stats.Sum(s => Volatile.Read(ref s.Received));

    /// <summary>Creates every bearer; throws when some are still unacknowledged after <paramref name="timeout"/>.</summary>
    public async Task OpenBearersAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var ueEndpoint = (IPEndPoint)_ue.LocalEndPoint!;
        var started = _time.GetTimestamp();
        var packet = new byte[GatewayPacket.CreateLength];
        while (Volatile.Read(ref _ackCount) < _options.Bearers)
        {
            if (_time.GetElapsedTime(started) > timeout)
            {
                throw new TimeoutException($"{_options.Bearers - _ackCount} of {_options.Bearers} bearers unacknowledged after {timeout.TotalSeconds:0} s");
            }

            var sentInRound = 0;
            for (var i = 0; i < _options.Bearers; i++)
            {
                if (Volatile.Read(ref _acked[i]))
                {
                    continue;
                }

                var teid = _options.FirstTeid + (uint)i;
                GatewayPacket.WriteCreate(packet, teid, 001_01_0000000000UL + teid, ueEndpoint, (byte)(5 + (i % 5)));
                _ue.SendTo(packet, _options.GatewayUeSide);

                // Pace the creates so the gateway's socket buffer never overflows.
                if (++sentInRound % 500 == 0)
                {
                    await Task.Delay(5, cancellationToken).ConfigureAwait(false);
                }
            }

            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sends the stream for <see cref="TrafficOptions.Duration"/>, waits for the stragglers and reports.</summary>
    public async Task<TrafficReport> RunAsync(TimeSpan drainTimeout, CancellationToken cancellationToken)
    {
        var sender = new Thread(() => Send(cancellationToken)) { IsBackground = true, Name = "traffic sender" };
        sender.Start();
        await Task.Run(sender.Join, CancellationToken.None).ConfigureAwait(false);
        var total = _sent.Sum(d => d.Sum());
        var settled = _time.GetTimestamp();
        var last = Received;
        while (Received < total && _time.GetElapsedTime(settled) < drainTimeout)
        {
            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
            if (Received != last)
            {
                last = Received;
                settled = _time.GetTimestamp();
            }
        }

        return Report(total);
    }

    public void Dispose()
    {
        _stopping = true;
        _ue.Dispose();
        _server.Dispose();
        foreach (var thread in _receivers)
        {
            thread.Join();
        }
    }

    private void Send(CancellationToken cancellationToken)
    {
        var buffer = new byte[GatewayPacket.DataHeaderLength + _options.PayloadBytes];
        var sequences = new uint[2][] { new uint[_options.Bearers], new uint[_options.Bearers] };
        var total = (long)(_options.PacketsPerSecond * _options.Duration.TotalSeconds);
        var start = _time.GetTimestamp();
        long sent = 0;
        while (sent < total && !cancellationToken.IsCancellationRequested)
        {
            var due = Math.Min(total, (long)(_time.GetElapsedTime(start).TotalSeconds * _options.PacketsPerSecond) + 1);
            for (; sent < due; sent++)
            {
                var direction = (int)(sent & 1);
                var bearer = (int)((sent >> 1) % _options.Bearers);
                var sequence = ++sequences[direction][bearer];
                GatewayPacket.WriteData(buffer, _options.FirstTeid + (uint)bearer, sequence, _time.GetTimestamp());
                if (direction == Uplink)
                {
                    _ue.SendTo(buffer, _options.GatewayUeSide);
                }
                else
                {
                    _server.SendTo(buffer, _options.GatewayServerSide);
                }

                _sent[direction][bearer]++;
            }

            Thread.Sleep(1);
        }
    }

    private void Receive(Socket socket, int direction)
    {
        var buffer = new byte[65536];
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        var stats = _stats[direction];
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

            var now = _time.GetTimestamp();
            var packet = buffer.AsSpan(0, length);
            if (direction == Downlink && GatewayPacket.TryReadAck(packet, out var acked))
            {
                var index = (long)acked - _options.FirstTeid;
                if (index >= 0 && index < _options.Bearers && !Volatile.Read(ref _acked[index]))
                {
                    Volatile.Write(ref _acked[index], true);
                    Interlocked.Increment(ref _ackCount);
                }
            }
            else if (GatewayPacket.TryReadData(packet, out var teid, out var sequence, out var sentAt))
            {
                var index = (long)teid - _options.FirstTeid;
                if (index >= 0 && index < _options.Bearers)
                {
                    stats.Record((int)index, sequence, sentAt, now, _time);
                }
            }
        }
    }

    private TrafficReport Report(long total)
    {
        long received = 0, duplicates = 0, reordered = 0;
        TimeSpan gap = TimeSpan.Zero, bearerGap = TimeSpan.Zero, latency = TimeSpan.Zero;
        var missing = new HashSet<int>();
        for (var direction = 0; direction < 2; direction++)
        {
            var stats = _stats[direction];
            lock (stats)
            {
                received += stats.Received;
                duplicates += stats.Duplicates;
                reordered += stats.Reordered;
                gap = Max(gap, stats.LargestGap);
                bearerGap = Max(bearerGap, stats.LargestBearerGap);
                latency = Max(latency, stats.MaxLatency);
                for (var i = 0; i < _options.Bearers; i++)
                {
                    if (stats.ReceivedPerBearer[i] != _sent[direction][i])
                    {
                        missing.Add(i);
                    }
                }
            }
        }

        return new TrafficReport(total, received, duplicates, reordered, gap, bearerGap, latency, missing.Count)
        {
            SentPerBearer = [.. Enumerable.Range(0, _options.Bearers).Select(i => new[] { _sent[Uplink][i], _sent[Downlink][i] })],
        };
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>One direction's counts; one receiving thread writes, the report reads under its lock.</summary>
    private sealed class DirectionStats(int bearers)
    {
        public long Received;
        public long Duplicates;
        public long Reordered;
        public readonly long[] ReceivedPerBearer = new long[bearers];
        public TimeSpan LargestGap;
        public TimeSpan LargestBearerGap;
        public TimeSpan MaxLatency;
        private readonly uint[] _highest = new uint[bearers];
        private readonly long[] _lastArrival = new long[bearers];
        private readonly HashSet<long> _seenBelowHighest = [];
        private long _lastAny;

        public void Record(int bearer, uint sequence, long sentAt, long now, TimeProvider time)
        {
            lock (this)
            {
                var highest = _highest[bearer];
                if (sequence == highest || (sequence < highest && !_seenBelowHighest.Add(((long)bearer << 32) | sequence)))
                {
                    Duplicates++;
                    return;
                }

                if (sequence < highest)
                {
                    Reordered++;
                }
                else
                {
                    // Sequences skipped over may still arrive late: remember nothing until they do (a set of the late ones).
                    _highest[bearer] = sequence;
                }

                Received++;
                ReceivedPerBearer[bearer]++;
                if (_lastAny != 0)
                {
                    LargestGap = Max(LargestGap, time.GetElapsedTime(_lastAny, now));
                }

                if (_lastArrival[bearer] != 0)
                {
                    LargestBearerGap = Max(LargestBearerGap, time.GetElapsedTime(_lastArrival[bearer], now));
                }

                MaxLatency = Max(MaxLatency, time.GetElapsedTime(sentAt, now));
                _lastAny = now;
                _lastArrival[bearer] = now;
            }
        }
    }
}
