using System.Net.Sockets;
using System.Text.Json;

namespace Nines.Drivers.Qemu.Qmp;

internal sealed partial class QmpClient
{
    private static readonly JsonElement _emptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    private async Task ReadLoopAsync()
    {
        try
        {
            while (true)
            {
                using var document = await _stream.ReadObjectAsync(CancellationToken.None).ConfigureAwait(false);
                if (document is null)
                {
                    Break("QEMU closed the QMP connection", null);
                    return;
                }

                Dispatch(document.RootElement);
                if (BrokenReason is not null)
                {
                    return;
                }
            }
        }
        catch (JsonException e)
        {
            Break($"malformed JSON from QEMU: {e.Message}", e);
        }
        catch (Exception e) when (IsConnectionReset(e))
        {
            // QEMU exiting with a message of ours unread resets rather than closes; it is the same event.
            Break("QEMU closed the QMP connection (connection reset)", e);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            Break($"reading from the QMP socket failed: {e.Message}", e);
        }
#pragma warning disable CA1031 // The loop must never die silently: whatever stops it breaks the client with its reason.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Break($"the QMP read loop failed: {e.GetType().Name}: {e.Message}", e);
        }
    }

    private static bool IsConnectionReset(Exception e) =>
        (e as SocketException ?? e.InnerException as SocketException)?.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted;

    private void Dispatch(JsonElement message)
    {
        if (message.TryGetProperty("event", out var name) && name.ValueKind == JsonValueKind.String)
        {
            _events.Writer.TryWrite(ParseEvent(name.GetString()!, message));
            return;
        }

        var isReturn = message.TryGetProperty("return", out var result);
        var isError = message.TryGetProperty("error", out var error);
        if (!isReturn && !isError)
        {
            Break($"unexpected message from QEMU: {QmpGreeting.Truncate(message.GetRawText())}", null);
            return;
        }

        if (!message.TryGetProperty("id", out var idElement) || idElement.ValueKind != JsonValueKind.Number || !idElement.TryGetInt64(out var id))
        {
            // Every command we send carries an id, so a reply without one means the stream is out of step.
            Break($"a reply without a usable id: {QmpGreeting.Truncate(message.GetRawText())}", null);
            return;
        }

        PendingCommand? pending;
        lock (_gate)
        {
            if (!_pending.Remove(id, out pending))
            {
                return; // Its command timed out or was cancelled.
            }
        }

        if (isReturn)
        {
            pending.Reply.TrySetResult(result.Clone());
        }
        else
        {
            pending.Reply.TrySetException(new QmpCommandException(
                ReadString(error, "class") ?? "UnknownError",
                ReadString(error, "desc") ?? error.GetRawText(),
                pending.Command));
        }
    }

    private QmpEvent ParseEvent(string name, JsonElement message)
    {
        var data = message.TryGetProperty("data", out var d) ? d.Clone() : _emptyObject;
        var timestamp = _options.TimeProvider.GetUtcNow();
        if (message.TryGetProperty("timestamp", out var stamp)
            && stamp.ValueKind == JsonValueKind.Object
            && stamp.TryGetProperty("seconds", out var seconds) && seconds.ValueKind == JsonValueKind.Number && seconds.TryGetInt64(out var s)
            && stamp.TryGetProperty("microseconds", out var micros) && micros.ValueKind == JsonValueKind.Number && micros.TryGetInt64(out var us)
            && s is >= 0 and < 253_402_300_800 && us is >= 0 and < 1_000_000)
        {
            timestamp = DateTimeOffset.FromUnixTimeSeconds(s).AddTicks(us * TimeSpan.TicksPerMicrosecond);
        }

        return new QmpEvent(name, data, timestamp);
    }

    private static string? ReadString(JsonElement element, string member) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(member, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
