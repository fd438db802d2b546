using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Nines.Networking.Namespaces;

namespace Nines.Testing;

/// <summary>One acknowledged increment: its value, which address answered (index into the client's endpoints), and when.</summary>
public readonly record struct Ack(long Value, int Endpoint, DateTimeOffset At);

/// <summary>
/// A load client of the sample counter (samples/Nines.Samples.Counter) for failover tests and benchmarks: one
/// <c>INCR</c> every millisecond (one in flight), recording every acknowledgement, so a test can tell the outage and
/// whether an acknowledged increment was lost. It keeps a connection to every address (reconnected in the
/// background, as a client of a 2N service would), sends to the one that last acknowledged and moves to the next on a
/// refusal or a broken connection, so the outage it sees is the service's, not its own connect timeouts.
/// </summary>
public sealed class CounterClient(string? networkNamespace, IReadOnlyList<IPEndPoint> endpoints, TimeProvider time)
{
    private readonly string? _networkNamespace = networkNamespace;
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
        var links = endpoints.Select((endpoint, index) => new Link(this, index, endpoint)).ToList();
        var target = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var link = links[target];
                if (link.Connected(cancellationToken) is { } connection)
                {
                    try
                    {
                        Interlocked.Increment(ref _sent);
                        var answer = await connection.AskAsync("INCR bench", cancellationToken).ConfigureAwait(false);
                        if (answer.StartsWith("OK ", StringComparison.Ordinal))
                        {
                            lock (_acks)
                            {
                                _acks.Add(new Ack(long.Parse(answer[3..], CultureInfo.InvariantCulture), target, time.GetUtcNow()));
                            }

                            await Task.Delay(1, cancellationToken).ConfigureAwait(false);
                            continue;
                        }

                        LastError = $"{endpoints[target]}: {answer}";
                    }
                    catch (Exception e) when (e is IOException or SocketException)
                    {
                        LastError = $"{endpoints[target]}: {e.GetType().Name} {e.Message}";
                        link.Broken(connection);
                    }
                }

                // Refused, broken or not connected yet: the next address.
                target = (target + 1) % links.Count;
                await Task.Delay(1, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Done.
        }
        finally
        {
            foreach (var link in links)
            {
                await link.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Acknowledged values not above the one before them: acknowledged increments lost.</summary>
    public int Regressions()
    {
        var acks = Acks;
        return acks.Zip(acks.Skip(1)).Count(p => p.Second.Value <= p.First.Value);
    }

    /// <summary>One address: its open connection, or a background attempt to open one.</summary>
    private sealed class Link(CounterClient owner, int index, IPEndPoint endpoint) : IAsyncDisposable
    {
        private Connection? _open;
        private Task<Connection?>? _connecting;
        private TimeSpan _connectTimeout = TimeSpan.FromMilliseconds(10);

        public Connection? Connected(CancellationToken cancellationToken)
        {
            if (_open is not null)
            {
                return _open;
            }

            if (_connecting is { IsCompleted: true } done)
            {
                _connecting = null;
                _open = done.Result;
            }
            else
            {
                _connecting ??= ConnectAsync(cancellationToken);
            }

            return _open;
        }

        public void Broken(Connection connection)
        {
            connection.Dispose();
            _open = null;
        }

        public async ValueTask DisposeAsync()
        {
            if (_connecting is not null)
            {
                _open ??= await _connecting.ConfigureAwait(false);
            }

            _open?.Dispose();
        }

        // A dead unit's address does not answer at all (no RST): a short connect timeout, doubled after every failed
        // attempt in a row (up to 320 ms), so a slow but live path still connects.
        private async Task<Connection?> ConnectAsync(CancellationToken cancellationToken)
        {
            var socket = NetworkNamespaceSockets.Create(owner._networkNamespace);
            socket.NoDelay = true;
            using var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            connect.CancelAfter(_connectTimeout);
            try
            {
                await socket.ConnectAsync(endpoint, connect.Token).ConfigureAwait(false);
                _connectTimeout = TimeSpan.FromMilliseconds(10);
                return new Connection(socket);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                socket.Dispose();
                owner.LastError = $"{endpoint} (connection {index}): {e.GetType().Name} {e.Message}";
                _connectTimeout = TimeSpan.FromMilliseconds(Math.Min(320, _connectTimeout.TotalMilliseconds * 2));
                return null;
            }
        }
    }

    /// <summary>An open connection: one request line, one answer line.</summary>
    private sealed class Connection(Socket socket) : IDisposable
    {
        private readonly NetworkStream _stream = new(socket, ownsSocket: true);
        private StreamReader? _reader;

        private StreamReader Reader => _reader ??= new StreamReader(_stream, Encoding.ASCII);

        // A unit that vanished without closing its side (its host cut off) never answers: give the request up.
        public async Task<string> AskAsync(string request, CancellationToken cancellationToken)
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(TimeSpan.FromSeconds(2));
            try
            {
                await _stream.WriteAsync(Encoding.ASCII.GetBytes(request + "\n"), limit.Token).ConfigureAwait(false);
                return await Reader.ReadLineAsync(limit.Token).ConfigureAwait(false) ?? throw new IOException("connection closed");
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new IOException("no answer within 2 s");
            }
        }

        public void Dispose()
        {
            _reader?.Dispose();
            _stream.Dispose();
        }
    }
}
