using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Nines.Contracts.Agents;
using Nines.Contracts.AgentWire;
using Nines.Drivers;

namespace Nines.Agent.Server;

/// <summary><c>GET /agent/v1/events</c>: the host's VM events, one JSON object per line, as they happen.</summary>
public static partial class AgentEndpoints
{
    /// <summary>
    /// Subscribes to the driver's events before the status line goes out (so a caller that got its 200 misses
    /// nothing after it), then writes each event as a line and an empty line every <paramref name="keepAlive"/> of
    /// silence, until the caller goes away.
    /// </summary>
    private static async Task StreamEventsAsync(HttpContext context, IHostVmEvents events, TimeSpan keepAlive)
    {
        var cancellationToken = context.RequestAborted;
        var lines = Channel.CreateUnbounded<VmEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var stream = events.WatchVmEventsAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        var pump = Task.Run(
            async () =>
            {
                try
                {
                    while (await stream.MoveNextAsync().ConfigureAwait(false))
                    {
                        lines.Writer.TryWrite(stream.Current);
                    }
                }
                finally
                {
                    lines.Writer.TryComplete();
                    await stream.DisposeAsync().ConfigureAwait(false);
                }
            },
            CancellationToken.None);

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = NdjsonContentType;
        try
        {
            await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
            while (true)
            {
                using var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                quiet.CancelAfter(keepAlive);
                bool more;
                try
                {
                    more = await lines.Reader.WaitToReadAsync(quiet.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    await response.Body.WriteAsync(_newline, cancellationToken).ConfigureAwait(false);
                    await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (!more)
                {
                    break;
                }

                while (lines.Reader.TryRead(out var vmEvent))
                {
                    await response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(vmEvent, AgentJson.Answers), cancellationToken).ConfigureAwait(false);
                    await response.Body.WriteAsync(_newline, cancellationToken).ConfigureAwait(false);
                }

                await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The caller went away.
        }

        try
        {
            await pump.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The subscription ended with the request.
        }
    }
}
