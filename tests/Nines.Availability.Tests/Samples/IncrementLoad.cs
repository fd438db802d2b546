using System.Globalization;
using System.Net.Sockets;

namespace Nines.Availability.Tests.Samples;

/// <summary>
/// A client that increments one counter without pause, moving to the other unit whenever the one it talks to
/// refuses or drops, and records every acknowledged value with the unit that acknowledged it.
/// </summary>
internal sealed class IncrementLoad(IReadOnlyDictionary<string, int> ports)
{
    private readonly Lock _gate = new();
    private readonly List<(string Unit, long Value)> _acked = [];
    private volatile bool _stopped;
    private long _sent;

    public IReadOnlyList<(string Unit, long Value)> Acked
    {
        get
        {
            lock (_gate)
            {
                return [.. _acked];
            }
        }
    }

    /// <summary>How many increments were sent (acknowledged or not).</summary>
    public long Sent => Interlocked.Read(ref _sent);

    public void Stop() => _stopped = true;

    public async Task WaitForAcksAsync(int count, CancellationToken cancellationToken)
    {
        while (Acked.Count < count)
        {
            await Task.Delay(5, cancellationToken);
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var units = ports.Keys.Order(StringComparer.Ordinal).ToList();
        var index = 0;
        LineClient? client = null;
        try
        {
            while (!_stopped)
            {
                var unit = units[index % units.Count];
                string? answer;
                try
                {
                    client ??= await LineClient.ConnectAsync(ports[unit], cancellationToken);
                    Interlocked.Increment(ref _sent);
                    answer = await client.AskAsync("INCR k", cancellationToken);
                }
                catch (Exception e) when (e is IOException or SocketException)
                {
                    answer = null;
                }

                if (answer is not null && answer.StartsWith("OK ", StringComparison.Ordinal))
                {
                    lock (_gate)
                    {
                        _acked.Add((unit, long.Parse(answer[3..], CultureInfo.InvariantCulture)));
                    }

                    continue;
                }

                // Refused or dropped: try the other unit (after a breath, so a long handover is not a busy loop).
                client?.Dispose();
                client = null;
                index++;
                await Task.Delay(1, cancellationToken);
            }
        }
        finally
        {
            client?.Dispose();
        }
    }
}
