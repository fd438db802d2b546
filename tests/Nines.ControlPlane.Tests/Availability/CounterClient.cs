using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Nines.ControlPlane.Tests.Availability;

/// <summary>
/// A client of the sample counter that keeps incrementing one key, one request at a time, and follows the service
/// between the group's addresses: an <c>ERR not-active</c> answer or a broken connection moves it to the next address.
/// Every acknowledged value is recorded, so a test can check that none was lost (the values only grow).
/// </summary>
internal sealed class CounterClient(NetnsSocketFactory sockets, IReadOnlyList<IPEndPoint> endpoints, string key)
{
    private readonly List<(long Value, TimeSpan At)> _acks = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _refused;

    /// <summary>Every acknowledged value with when it came (since the client was made), in order.</summary>
    public IReadOnlyList<(long Value, TimeSpan At)> Acks
    {
        get
        {
            lock (_acks)
            {
                return [.. _acks];
            }
        }
    }

    /// <summary>Requests answered with an error or lost with their connection.</summary>
    public int Refused => Volatile.Read(ref _refused);

    /// <summary>Increments until cancelled, pausing <paramref name="pause"/> between requests.</summary>
    public async Task RunAsync(TimeSpan pause, CancellationToken cancellationToken)
    {
        var target = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var socket = await sockets.CreateAsync();
                using (var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    connect.CancelAfter(TimeSpan.FromMilliseconds(500));
                    await socket.ConnectAsync(endpoints[target], connect.Token);
                }

                await using var stream = new NetworkStream(socket, ownsSocket: false);
                using var reader = new StreamReader(stream, Encoding.ASCII);
                await using var writer = new StreamWriter(stream, Encoding.ASCII) { AutoFlush = true, NewLine = "\n" };
                while (!cancellationToken.IsCancellationRequested)
                {
                    await writer.WriteLineAsync($"INCR {key}".AsMemory(), cancellationToken);
                    var answer = await reader.ReadLineAsync(cancellationToken);
                    if (answer is null)
                    {
                        throw new IOException("connection closed");
                    }

                    if (!answer.StartsWith("OK ", StringComparison.Ordinal))
                    {
                        Interlocked.Increment(ref _refused);
                        break;
                    }

                    lock (_acks)
                    {
                        _acks.Add((long.Parse(answer[3..], CultureInfo.InvariantCulture), _clock.Elapsed));
                    }

                    await Task.Delay(pause, cancellationToken);
                }
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                Interlocked.Increment(ref _refused);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            target = (target + 1) % endpoints.Count;
            await Task.Delay(1, CancellationToken.None);
        }
    }

    /// <summary>Acks whose value is not above the one before: an acknowledged increment was lost.</summary>
    public IReadOnlyList<(long Previous, long Value)> Regressions()
    {
        var acks = Acks;
        return [.. acks.Zip(acks.Skip(1)).Where(p => p.Second.Value <= p.First.Value).Select(p => (p.First.Value, p.Second.Value))];
    }
}
