using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace Nines.Drivers.Qemu.Tests.Fakes;

/// <summary>One command the fake guest agent received.</summary>
public sealed record FakeGuestAgentRequest(string Command, JsonElement? Arguments)
{
    public JsonElement Argument(string name) => Arguments!.Value.GetProperty(name);
}

/// <summary>
/// A guest agent on a real Unix socket, playing QEMU's chardev end: no greeting; answers
/// <c>guest-sync-delimited</c> with the 0xFF sentinel (optionally after stale bytes, or not at all); keeps files
/// written with guest-file-* in memory; answers scripted commands by itself and hands the rest to the test.
/// Requests are read line by line, independently of the client's framing code.
/// </summary>
public sealed class FakeGuestAgentServer : IAsyncDisposable
{
    private readonly UnixSocketDirectory _directory = new();
    private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly ConcurrentDictionary<string, Func<FakeGuestAgentRequest, string?>> _scripts = new();
    private readonly Channel<FakeGuestAgentRequest> _unscripted = Channel.CreateUnbounded<FakeGuestAgentRequest>();
    private readonly ConcurrentQueue<FakeGuestAgentRequest> _received = new();
    private readonly ConcurrentDictionary<long, (string Path, MemoryStream Content, int ReadOffset)> _openFiles = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private Socket? _connection;
    private long _nextHandle = 1000;

    public FakeGuestAgentServer()
    {
        SocketPath = _directory.SocketPath("qga.sock");
        _listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
        _listener.Listen(4);
        Script("guest-ping", _ => Return("{}"));
        Script("guest-file-open", OpenFile);
        Script("guest-file-write", WriteFile);
        Script("guest-file-read", ReadFile);
        Script("guest-file-close", CloseFile);
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public string SocketPath { get; }

    /// <summary>Bytes sent before the sentinel of each sync reply, as stale output from an earlier client would be.</summary>
    public byte[] StaleBytesBeforeSync { get; set; } = [];

    /// <summary>How many of the next sync requests to leave unanswered (an agent not running yet).</summary>
    public int SyncsToIgnore { get; set; }

    /// <summary>Number of bytes the fake agent writes per guest-file-write at most (short writes when smaller than a chunk).</summary>
    public int MaxWriteCount { get; set; } = int.MaxValue;

    /// <summary>Files written through guest-file-*, by path.</summary>
    public ConcurrentDictionary<string, byte[]> Files { get; } = new();

    /// <summary>The decoded size of every guest-file-write, in order.</summary>
    public ConcurrentQueue<int> WriteSizes { get; } = new();

    public IReadOnlyList<FakeGuestAgentRequest> Received => [.. _received];

    public int OpenHandles => _openFiles.Count;

    public static string Return(string json) => $$"""{"return": {{json}}}""";

    public static string Error(string errorClass, string description) =>
        $$$"""{"error": {"class": "{{{errorClass}}}", "desc": "{{{description}}}"}}""";

    /// <summary>Answers <paramref name="command"/> with the full reply line <paramref name="reply"/> computes; null sends nothing.</summary>
    public void Script(string command, Func<FakeGuestAgentRequest, string?> reply) => _scripts[command] = reply;

    public void Unscript(string command) => _scripts.TryRemove(command, out _);

    /// <summary>The next command that has no script, for the test to answer.</summary>
    public async Task<FakeGuestAgentRequest> NextRequestAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _unscripted.Reader.ReadAsync(timeout.Token);
    }

    public Task SendLineAsync(string line) => SendRawAsync(Encoding.UTF8.GetBytes(line + "\n"));

    public async Task SendRawAsync(byte[] bytes)
    {
        await _connected.Task;
        await _writeLock.WaitAsync();
        try
        {
            await _connection!.SendAsync(bytes, SocketFlags.None);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public void CloseConnection() => _connection?.Close();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        _connection?.Dispose();
        try
        {
            await _acceptLoop;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopping.
        }

        _stop.Dispose();
        _directory.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        _connection = await _listener.AcceptAsync(_stop.Token);
        _connected.TrySetResult();
        try
        {
            using var reader = new StreamReader(new NetworkStream(_connection, ownsSocket: false), Encoding.UTF8);
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                // The client's 0xFF resync byte decodes as U+FFFD; the agent's parser discards it.
                line = line.TrimStart('\uFFFD');
                if (line.Length > 0)
                {
                    await HandleAsync(line);
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The client or the test closed the connection.
        }
    }

    private async Task HandleAsync(string line)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        var request = new FakeGuestAgentRequest(
            root.GetProperty("execute").GetString()!,
            root.TryGetProperty("arguments", out var arguments) ? arguments.Clone() : null);
        _received.Enqueue(request);
        if (request.Command == "guest-sync-delimited")
        {
            if (SyncsToIgnore > 0)
            {
                SyncsToIgnore--;
                return;
            }

            byte[] reply = [.. StaleBytesBeforeSync, 0xFF, .. Encoding.UTF8.GetBytes(Return(request.Argument("id").GetRawText()) + "\n")];
            await SendRawAsync(reply);
        }
        else if (_scripts.TryGetValue(request.Command, out var script))
        {
            if (script(request) is { } reply)
            {
                await SendLineAsync(reply);
            }
        }
        else
        {
            await _unscripted.Writer.WriteAsync(request);
        }
    }

    private string OpenFile(FakeGuestAgentRequest request)
    {
        var path = request.Argument("path").GetString()!;
        var mode = request.Argument("mode").GetString()!;
        var content = new MemoryStream();
        if (mode.StartsWith('r'))
        {
            if (!Files.TryGetValue(path, out var existing))
            {
                return Error("GenericError", $"failed to open file '{path}' (mode: '{mode}'): No such file or directory");
            }

            content.Write(existing);
        }
        else if (mode.StartsWith('a') && Files.TryGetValue(path, out var appended))
        {
            content.Write(appended);
        }

        var handle = Interlocked.Increment(ref _nextHandle);
        _openFiles[handle] = (path, content, 0);
        return Return(handle.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private string WriteFile(FakeGuestAgentRequest request)
    {
        var handle = request.Argument("handle").GetInt64();
        if (!_openFiles.TryGetValue(handle, out var file))
        {
            return Error("GenericError", $"handle '{handle}' has not been found");
        }

        var bytes = Convert.FromBase64String(request.Argument("buf-b64").GetString()!);
        var count = Math.Min(bytes.Length, MaxWriteCount);
        WriteSizes.Enqueue(count);
        file.Content.Write(bytes, 0, count);
        return Return($$"""{"count": {{count}}, "eof": false}""");
    }

    private string ReadFile(FakeGuestAgentRequest request)
    {
        var handle = request.Argument("handle").GetInt64();
        var (path, content, offset) = _openFiles[handle];
        var count = (int)Math.Min(request.Argument("count").GetInt64(), content.Length - offset);
        var chunk = Convert.ToBase64String(content.GetBuffer(), offset, count);
        _openFiles[handle] = (path, content, offset + count);
        var eof = offset + count >= content.Length ? "true" : "false";
        return Return($$"""{"count": {{count}}, "buf-b64": "{{chunk}}", "eof": {{eof}}}""");
    }

    private string CloseFile(FakeGuestAgentRequest request)
    {
        var handle = request.Argument("handle").GetInt64();
        if (!_openFiles.TryRemove(handle, out var file))
        {
            return Error("GenericError", $"handle '{handle}' has not been found");
        }

        Files[file.Path] = file.Content.ToArray();
        return Return("{}");
    }
}
