using System.Net.Sockets;
using System.Text;

namespace Nines.Availability.Tests.Samples;

/// <summary>One TCP connection speaking the counter's line protocol.</summary>
internal sealed class LineClient : IDisposable
{
    private readonly TcpClient _client;
    private readonly StreamReader _reader;
    private readonly StreamWriter _writer;

    private LineClient(TcpClient client)
    {
        _client = client;
        var stream = client.GetStream();
        _reader = new StreamReader(stream, Encoding.ASCII);
        _writer = new StreamWriter(stream, Encoding.ASCII) { AutoFlush = true, NewLine = "\n" };
    }

    public static async Task<LineClient> ConnectAsync(int port, CancellationToken cancellationToken)
    {
        var client = new TcpClient { NoDelay = true };
        try
        {
            await client.ConnectAsync("127.0.0.1", port, cancellationToken);
            return new LineClient(client);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Sends one request and returns the answer, or null when the connection dropped.</summary>
    public async Task<string?> AskAsync(string request, CancellationToken cancellationToken)
    {
        await _writer.WriteLineAsync(request.AsMemory(), cancellationToken);
        return await _reader.ReadLineAsync(cancellationToken);
    }

    public void Dispose()
    {
        _reader.Dispose();
        _writer.Dispose();
        _client.Dispose();
    }
}
