using System.Buffers.Binary;
using System.Text;
using Nines.StateTransfer.Format;

namespace Nines.StateTransfer.Protocol;

/// <summary>
/// The orchestrator's side of the control protocol over a connected <see cref="Stream"/> (it owns the stream).
/// A function's error comes back as <see cref="StateControlException"/> with the function's message.
/// </summary>
public sealed class StateControlClient : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public StateControlClient(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
    }

    public async Task<FunctionStatus> StatusAsync(CancellationToken cancellationToken) =>
        ControlWire.DecodeStatus(await CallAsync(ControlOp.Status, ReadOnlyMemory<byte>.Empty, cancellationToken).ConfigureAwait(false));

    public async Task<FunctionStatus> FreezeAsync(FreezeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var payload = new byte[12];
        BinaryPrimitives.WriteUInt64BigEndian(payload, request.DrainToken);
        BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(8), request.DrainTimeoutMilliseconds);
        return ControlWire.DecodeStatus(await CallAsync(ControlOp.Freeze, payload, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The function's whole state as encoded bytes (decode with <see cref="StateCodec.Decode"/>; forward as they are).</summary>
    public Task<byte[]> ExportAsync(CancellationToken cancellationToken) => ExportAsync(0, cancellationToken);

    /// <summary>What changed after <paramref name="sinceGeneration"/> (0: everything), encoded.</summary>
    public Task<byte[]> ExportAsync(ulong sinceGeneration, CancellationToken cancellationToken)
    {
        var payload = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(payload, sinceGeneration);
        return CallAsync(ControlOp.Export, payload, cancellationToken);
    }

    /// <summary>Sends an encoded document to be imported.</summary>
    public async Task<ImportResult> ImportAsync(ReadOnlyMemory<byte> document, CancellationToken cancellationToken)
    {
        var answer = await CallAsync(ControlOp.Import, document, cancellationToken).ConfigureAwait(false);
        if (answer.Length < 8)
        {
            throw new StateControlException($"import: truncated answer of {answer.Length} bytes");
        }

        return new ImportResult(
            ControlWire.DecodeStatus(answer.AsSpan(8)),
            BinaryPrimitives.ReadUInt32BigEndian(answer),
            BinaryPrimitives.ReadUInt32BigEndian(answer.AsSpan(4)));
    }

    public async Task<FunctionStatus> ResumeAsync(CancellationToken cancellationToken) =>
        ControlWire.DecodeStatus(await CallAsync(ControlOp.Resume, ReadOnlyMemory<byte>.Empty, cancellationToken).ConfigureAwait(false));

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync().ConfigureAwait(false);
        _gate.Dispose();
    }

    private async Task<byte[]> CallAsync(ControlOp op, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            (byte Code, byte[] Payload)? answer;
            try
            {
                await ControlWire.WriteFrameAsync(_stream, (byte)op, payload, cancellationToken).ConfigureAwait(false);
                answer = await ControlWire.ReadFrameAsync(_stream, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or EndOfStreamException or InvalidDataException)
            {
                throw new StateControlException($"{op.ToString().ToLowerInvariant()}: the control connection broke: {e.Message}", e);
            }

            return answer switch
            {
                null => throw new StateControlException($"{op.ToString().ToLowerInvariant()}: the function closed the control connection"),
                { Code: ControlWire.Ok } ok => ok.Payload,
                { } error => throw new StateControlException($"{op.ToString().ToLowerInvariant()} refused by the function: {Encoding.UTF8.GetString(error.Payload)}"),
            };
        }
        finally
        {
            _gate.Release();
        }
    }
}
