using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nines.Drivers.Qemu.GuestAgent;

internal sealed partial class GuestAgentClient
{
    /// <summary>
    /// Brings the stream back in step: a 0xFF byte makes the agent drop any half-read request, then
    /// <c>guest-sync-delimited</c> with a fresh random id; its reply is preceded by a 0xFF sentinel. Everything
    /// before a sentinel, and any reply after one that does not carry our id (a stale sync), is discarded.
    /// </summary>
    private async Task SyncAsync_NeedsLock(CancellationToken cancellationToken)
    {
        const string Command = "guest-sync-delimited";
        var id = Random.Shared.NextInt64(1, int.MaxValue);
        using var timeoutSource = new CancellationTokenSource(_options.SyncTimeout, _options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        _needsSync = true;
        _stream.DiscardBuffered();
        try
        {
            await WriteAsync(SerializeRequest(Command, new JsonObject { ["id"] = id }, prefixSentinel: true), Command, linked.Token).ConfigureAwait(false);
            while (true)
            {
                bool found;
                try
                {
                    found = await _stream.SkipThroughSentinelAsync(Sentinel, linked.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
                {
                    throw BreakAndDescribe($"reading from the guest agent socket failed: {e.Message}", e);
                }

                if (!found)
                {
                    throw BreakAndDescribe("QEMU closed the guest agent socket", null);
                }

                JsonDocument document;
                try
                {
                    document = await ReadObjectAsync(Command, linked.Token).ConfigureAwait(false);
                }
                catch (GuestAgentProtocolException)
                {
                    continue; // Garbage after a stale sentinel: look for the next one.
                }

                using (document)
                {
                    if (document.RootElement.TryGetProperty("return", out var echoed)
                        && echoed.ValueKind == JsonValueKind.Number
                        && echoed.TryGetInt64(out var echoedId)
                        && echoedId == id)
                    {
                        _needsSync = false;
                        return;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested && BrokenReason is null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new GuestAgentTimeoutException(Command, _options.SyncTimeout);
        }
    }
}
