using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace Nines.Drivers.Qemu.Tests.Fakes;

/// <summary>One command the fake QMP server received.</summary>
public sealed record FakeQmpRequest(string Command, JsonElement? Arguments, string IdJson);

/// <summary>
/// A QMP server on a real Unix socket, scripted by the test: it sends a greeting, answers scripted commands by
/// itself, hands every other command to the test (which replies when and how it likes), injects events, and can
/// send garbage or close the connection abruptly. It reads requests line by line, independently of the
/// client's framing code.
/// </summary>
public sealed class FakeQmpServer : IAsyncDisposable
{
    public const string DefaultGreeting =
        """{"QMP": {"version": {"qemu": {"micro": 1, "minor": 2, "major": 7}, "package": "Debian 1:7.2+dfsg-7"}, "capabilities": ["oob"]}}""";

    private readonly UnixSocketDirectory _directory = new();
    private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly ConcurrentDictionary<string, Func<FakeQmpRequest, string>> _scripts = new();
    private readonly Channel<FakeQmpRequest> _unscripted = Channel.CreateUnbounded<FakeQmpRequest>();
    private readonly ConcurrentQueue<FakeQmpRequest> _received = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly string? _greeting;
    private readonly Task _acceptLoop;
    private Socket? _connection;

    /// <param name="greeting">The greeting line; null sends none (a peer that never greets).</param>
    public FakeQmpServer(string? greeting = DefaultGreeting)
    {
        _greeting = greeting;
        SocketPath = _directory.SocketPath("qmp.sock");
        _listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
        _listener.Listen(4);
        Script("qmp_capabilities", _ => "{}");
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public string SocketPath { get; }

    /// <summary>Completes when a client connected (and the greeting, if any, was sent).</summary>
    public Task Connected => _connected.Task;

    /// <summary>Every command received so far, scripted or not, in order.</summary>
    public IReadOnlyList<FakeQmpRequest> Received => [.. _received];

    /// <summary>Answers <paramref name="command"/> automatically with the return value <paramref name="reply"/> computes (raw JSON).</summary>
    public void Script(string command, Func<FakeQmpRequest, string> reply) => _scripts[command] = reply;

    /// <summary>Stops answering <paramref name="command"/> automatically: it goes to <see cref="NextRequestAsync"/>.</summary>
    public void Unscript(string command) => _scripts.TryRemove(command, out _);

    /// <summary>The next command that has no script, for the test to answer.</summary>
    public async Task<FakeQmpRequest> NextRequestAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _unscripted.Reader.ReadAsync(timeout.Token);
    }

    public Task ReplyAsync(FakeQmpRequest request, string returnJson) =>
        SendRawAsync($$"""{"return": {{returnJson}}, "id": {{request.IdJson}}}""" + "\n");

    public Task ReplyErrorAsync(FakeQmpRequest request, string errorClass, string description) =>
        SendRawAsync($$$"""{"id": {{{request.IdJson}}}, "error": {"class": "{{{errorClass}}}", "desc": "{{{description}}}"}}""" + "\n");

    public Task SendEventAsync(string name, string dataJson = "{}", long seconds = 1_767_225_600, long microseconds = 250_000) =>
        SendRawAsync($$"""{"timestamp": {"seconds": {{seconds}}, "microseconds": {{microseconds}}}, "event": "{{name}}", "data": {{dataJson}}}""" + "\n");

    public Task SendRawAsync(string text) => SendRawAsync(Encoding.UTF8.GetBytes(text));

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

    /// <summary>Closes the client connection at once, as a crashing QEMU would.</summary>
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
        var connection = await _listener.AcceptAsync(_stop.Token);
        _connection = connection;
        if (_greeting is not null)
        {
            await connection.SendAsync(Encoding.UTF8.GetBytes(_greeting + "\n"), SocketFlags.None);
        }

        _connected.TrySetResult();
        try
        {
            using var reader = new StreamReader(new NetworkStream(connection, ownsSocket: false), Encoding.UTF8);
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                await HandleAsync(line);
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
        var request = new FakeQmpRequest(
            root.GetProperty("execute").GetString()!,
            root.TryGetProperty("arguments", out var arguments) ? arguments.Clone() : null,
            root.TryGetProperty("id", out var id) ? id.GetRawText() : "null");
        _received.Enqueue(request);
        if (_scripts.TryGetValue(request.Command, out var script))
        {
            await ReplyAsync(request, script(request));
        }
        else
        {
            await _unscripted.Writer.WriteAsync(request);
        }
    }
}
