using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Nines.Testing;

/// <summary>One acknowledged increment: its value, which address answered (index into the client's endpoints), and when.</summary>
public readonly record struct Ack(long Value, int Endpoint, DateTimeOffset At);

/// <summary>
/// A load client of the sample counter (samples/Nines.Samples.Counter) for failover tests and benchmarks: one
/// <c>INCR</c> every millisecond (one in flight), moving to the next address on a refusal or a broken connection,
/// recording every acknowledgement, so a test can tell the outage and whether an acknowledged increment was lost.
/// </summary>
public sealed class CounterClient(NetnsSocketFactory sockets, IReadOnlyList<IPEndPoint> endpoints, TimeProvider time)
{
    private readonly List<Ack> _acks = [];
    private long _sent;

    /// <summary>Requests sent so far.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>The last connection failure or refusal, for a diagnosis when nothing is acknowledged.</summary>
    public string? LastError { get; private set; }

    /// <summary>Every acknowledgement so far, in order.</summary>
    public IReadOnlyList<Ack> Acks
    {
        get
        {
            lock (_acks)
            {
                return [.. _acks];
            }
        }
    }

    /// <summary>The latest acknowledgement, if any.</summary>
    public Ack? LastAck
    {
        get
        {
            lock (_acks)
            {
                return _acks.Count == 0 ? null : _acks[^1];
            }
        }
    }

    /// <summary>Sends until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var target = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var socket = await sockets.CreateAsync().ConfigureAwait(false);
                using (var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    connect.CancelAfter(TimeSpan.FromMilliseconds(200));
                    await socket.ConnectAsync(endpoints[target], connect.Token).ConfigureAwait(false);
                }

                var stream = new NetworkStream(socket, ownsSocket: false);
                await using (stream.ConfigureAwait(false))
                {
                    using var reader = new StreamReader(stream, Encoding.ASCII);
                    var writer = new StreamWriter(stream, Encoding.ASCII) { AutoFlush = true, NewLine = "\n" };
                    await using (writer.ConfigureAwait(false))
                    {
                        while (!cancellationToken.IsCancellationRequested)
                        {
                            Interlocked.Increment(ref _sent);
                            await writer.WriteLineAsync("INCR bench".AsMemory(), cancellationToken).ConfigureAwait(false);
                            var answer = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) ?? throw new IOException("connection closed");
                            if (!answer.StartsWith("OK ", StringComparison.Ordinal))
                            {
                                LastError = $"{endpoints[target]}: {answer}";
                                break;
                            }

                            lock (_acks)
                            {
                                _acks.Add(new Ack(long.Parse(answer[3..], CultureInfo.InvariantCulture), target, time.GetUtcNow()));
                            }

                            await Task.Delay(1, cancellationToken).ConfigureAwait(false);
                        }
                    }
                }
            }
            catch (Exception e) when (e is IOException or SocketException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                LastError = $"{endpoints[target]}: {e.GetType().Name} {e.Message}";
                // The unit died or refused: try the other address.
            }
            catch (OperationCanceledException)
            {
                return;
            }

            target = (target + 1) % endpoints.Count;
            await Task.Delay(1, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Acknowledged values not above the one before them: acknowledged increments lost.</summary>
    public int Regressions()
    {
        var acks = Acks;
        return acks.Zip(acks.Skip(1)).Count(p => p.Second.Value <= p.First.Value);
    }
}
