using System.Buffers.Binary;
using System.Text;
using Nines.StateTransfer.Format;

namespace Nines.StateTransfer.Protocol;

/// <summary>
/// Serves the control protocol for one function on one connection (any <see cref="Stream"/>: a Unix socket, TCP, a
/// pipe). Requests run one at a time. A function's exception or a malformed request is answered with an error and
/// the connection goes on; a broken frame ends the connection.
/// </summary>
public static class StateControlServer
{
    /// <summary>Answers requests on <paramref name="stream"/> until it ends or <paramref name="cancellationToken"/> fires.</summary>
    public static async Task ServeAsync(Stream stream, IStatefulFunction function, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(function);
        while (true)
        {
            (byte Code, byte[] Payload)? request;
            try
            {
                request = await ControlWire.ReadFrameAsync(stream, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is EndOfStreamException or InvalidDataException or IOException)
            {
                return;
            }

            if (request is not { } frame)
            {
                return;
            }

            byte code;
            byte[] answer;
            try
            {
                answer = await AnswerAsync(function, (ControlOp)frame.Code, frame.Payload, cancellationToken).ConfigureAwait(false);
                code = ControlWire.Ok;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e)
            {
                // The function's own error, for the orchestrator to report: never a crash of the function.
                answer = Encoding.UTF8.GetBytes($"{e.GetType().Name}: {e.Message}");
                code = ControlWire.Error;
            }

            await ControlWire.WriteFrameAsync(stream, code, answer, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<byte[]> AnswerAsync(IStatefulFunction function, ControlOp op, byte[] payload, CancellationToken cancellationToken)
    {
        switch (op)
        {
            case ControlOp.Status:
                return ControlWire.EncodeStatus(await function.StatusAsync(cancellationToken).ConfigureAwait(false));
            case ControlOp.Freeze when payload.Length == 12:
                var request = new FreezeRequest(BinaryPrimitives.ReadUInt64BigEndian(payload), BinaryPrimitives.ReadUInt32BigEndian(payload.AsSpan(8)));
                return ControlWire.EncodeStatus(await function.FreezeAsync(request, cancellationToken).ConfigureAwait(false));
            case ControlOp.Freeze:
                throw new InvalidDataException($"freeze: payload of {payload.Length} bytes, expected 12 (token u64, timeout ms u32)");
            case ControlOp.Export when payload.Length is 0 or 8:
                var since = payload.Length == 0 ? 0 : BinaryPrimitives.ReadUInt64BigEndian(payload);
                return StateCodec.Encode(await function.ExportAsync(new ExportRequest(since), cancellationToken).ConfigureAwait(false));
            case ControlOp.Export:
                throw new InvalidDataException($"export: payload of {payload.Length} bytes, expected 0 or 8 (since generation u64)");
            case ControlOp.Import:
                var document = StateCodec.Decode(payload);
                var status = await function.ImportAsync(document, cancellationToken).ConfigureAwait(false);
                var encoded = ControlWire.EncodeStatus(status);
                var result = new byte[8 + encoded.Length];
                BinaryPrimitives.WriteUInt32BigEndian(result, (uint)payload.Length);
                payload.AsSpan(payload.Length - 4).CopyTo(result.AsSpan(4));
                encoded.CopyTo(result, 8);
                return result;
            case ControlOp.Resume:
                return ControlWire.EncodeStatus(await function.ResumeAsync(cancellationToken).ConfigureAwait(false));
            default:
                throw new InvalidDataException($"unknown operation {(byte)op} (1 status, 2 freeze, 3 export, 4 import, 5 resume)");
        }
    }
}
