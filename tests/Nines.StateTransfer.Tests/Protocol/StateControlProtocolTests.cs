using System.Net;
using System.Net.Sockets;
using Nines.StateTransfer.Format;
using Nines.StateTransfer.Protocol;

namespace Nines.StateTransfer.Tests.Protocol;

/// <summary>The control protocol over a real TCP connection on loopback, against a small function.</summary>
public sealed class StateControlProtocolTests : IAsyncLifetime
{
    private readonly CountersFunction _function = new();
    private readonly CancellationTokenSource _stop = new();
    private TcpListener? _listener;
    private Task? _server;
    private TcpClient? _client;

    public async Task InitializeAsync()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _client = new TcpClient();
        await _client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)_listener.LocalEndpoint).Port);
        var accepted = await _listener.AcceptTcpClientAsync();
        _server = StateControlServer.ServeAsync(accepted.GetStream(), _function, _stop.Token);
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        await _stop.CancelAsync();
        _listener?.Stop();
        try
        {
            await (_server ?? Task.CompletedTask);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    [Fact]
    public async Task FreezeExportImportResume_OverTheWire_MovesTheState()
    {
        var client = new StateControlClient(_client!.GetStream());
        _function.Counters["a"] = 7;
        _function.Counters["b"] = ulong.MaxValue;

        (await client.FreezeAsync(new FreezeRequest(0), CancellationToken.None)).Phase.ShouldBe(FunctionPhase.Frozen);
        var exported = await client.ExportAsync(CancellationToken.None);
        _function.Counters.Clear();
        var imported = await client.ImportAsync(exported, CancellationToken.None);
        var resumed = await client.ResumeAsync(CancellationToken.None);

        _function.Counters.ShouldBe(new Dictionary<string, ulong> { ["a"] = 7, ["b"] = ulong.MaxValue });
        imported.Status.Records.ShouldBe(2UL);
        imported.ReceivedBytes.ShouldBe((uint)exported.Length);
        imported.ReceivedChecksum.ShouldBe(Crc32.Compute(exported.AsSpan(0, exported.Length - 4)));
        resumed.Phase.ShouldBe(FunctionPhase.Serving);
        _function.LastFreeze.ShouldBe(new FreezeRequest(0));
    }

    [Fact]
    public async Task Export_WhileServing_FunctionErrorComesBackAndConnectionGoesOn()
    {
        var client = new StateControlClient(_client!.GetStream());

        var error = await Should.ThrowAsync<StateControlException>(() => client.ExportAsync(CancellationToken.None));
        error.Message.ShouldContain("export refused by the function: InvalidOperationException: not frozen");
        (await client.StatusAsync(CancellationToken.None)).ShouldBe(new FunctionStatus("nines.counters", FunctionPhase.Serving, 0, "test"));
    }

    [Fact]
    public async Task Import_MalformedDocument_IsRefusedWithTheFormatError()
    {
        var client = new StateControlClient(_client!.GetStream());
        await client.FreezeAsync(new FreezeRequest(0), CancellationToken.None);

        var error = await Should.ThrowAsync<StateControlException>(() => client.ImportAsync(new byte[] { 1, 2, 3 }, CancellationToken.None));
        error.Message.ShouldContain("StateFormatException: header: truncated");
    }

    [Fact]
    public async Task UnknownOperation_IsAnsweredWithAnError()
    {
        var stream = _client!.GetStream();
        await stream.WriteAsync(new byte[] { 99, 0, 0, 0, 0 });
        var answer = new byte[5];
        await stream.ReadExactlyAsync(answer);
        answer[0].ShouldBe((byte)1, "error status");
        var message = new byte[answer[4] | (answer[3] << 8)];
        await stream.ReadExactlyAsync(message);
        System.Text.Encoding.UTF8.GetString(message).ShouldContain("unknown operation 99");
    }

    [Fact]
    public async Task OversizedFrame_EndsTheConnectionWithoutCrashing()
    {
        var stream = _client!.GetStream();
        await stream.WriteAsync(new byte[] { 3, 0xFF, 0xFF, 0xFF, 0xFF });

        await _server!.WaitAsync(TimeSpan.FromSeconds(10));
        _server.IsCompletedSuccessfully.ShouldBeTrue();
    }

    /// <summary>A function holding named counters.</summary>
    private sealed class CountersFunction : IStatefulFunction
    {
        public Dictionary<string, ulong> Counters { get; } = [];

        public FunctionPhase Phase { get; private set; } = FunctionPhase.Serving;

        public FreezeRequest? LastFreeze { get; private set; }

        public string Kind => "nines.counters";

        public Task<FunctionStatus> FreezeAsync(FreezeRequest request, CancellationToken cancellationToken)
        {
            LastFreeze = request;
            Phase = FunctionPhase.Frozen;
            return StatusAsync(cancellationToken);
        }

        public Task<StateDocument> ExportAsync(ExportRequest request, CancellationToken cancellationToken) =>
            Phase != FunctionPhase.Frozen
                ? throw new InvalidOperationException("not frozen")
                : Task.FromResult(new StateDocument(Kind, 1, [new StateSection("counters", [.. Counters.Select(c => new StateRecordBuilder().Add(1, c.Key).Add(2, c.Value).Build())])]));

        public Task<FunctionStatus> ImportAsync(StateDocument document, CancellationToken cancellationToken)
        {
            Counters.Clear();
            foreach (var record in document.Section("counters").Records)
            {
                Counters[record.String(1, "name")] = record.UInt64(2, "value");
            }

            return StatusAsync(cancellationToken);
        }

        public Task<FunctionStatus> ResumeAsync(CancellationToken cancellationToken)
        {
            Phase = FunctionPhase.Serving;
            return StatusAsync(cancellationToken);
        }

        public Task<FunctionStatus> StatusAsync(CancellationToken cancellationToken) =>
            Task.FromResult(new FunctionStatus(Kind, Phase, (ulong)Counters.Count, "test"));
    }
}
