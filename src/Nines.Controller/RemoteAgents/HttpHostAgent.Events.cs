using System.Runtime.CompilerServices;
using System.Text.Json;
using Nines.Contracts.Agents;
using Nines.Contracts.AgentWire;
using Nines.Drivers;

namespace Nines.Controller.RemoteAgents;

/// <summary>The host's VM events over HTTP (<see cref="IHostVmEvents"/>): <c>GET /agent/v1/events</c>, a line per event.</summary>
public sealed partial class HttpHostAgent : IHostVmEvents
{
    /// <summary>
    /// How long the event stream may stay silent (the agent sends an empty line every 2 s when nothing happens)
    /// before the link counts as broken.
    /// </summary>
    public TimeSpan EventSilenceLimit { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>
    /// The agent's events from the moment it answered until cancelled; a refused or broken link, or a stream silent
    /// for longer than <see cref="EventSilenceLimit"/>, ends the enumeration with an <see cref="HttpRequestException"/>
    /// or <see cref="TimeoutException"/> (subscribe again).
    /// </summary>
    public async IAsyncEnumerable<VmEvent> WatchVmEventsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        const string path = "events";
        using var link = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        HttpResponseMessage response;
        try
        {
            link.CancelAfter(ReadTimeout);
            using var request = Request(HttpMethod.Get, path, null);
            response = await SendHttpAsync(request, HttpCompletionOption.ResponseHeadersRead, link.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw TimedOut(HttpMethod.Get, path, null, e);
        }

        using (response)
        {
            await ThrowIfFailedAsync(response, HttpMethod.Get, path, cancellationToken).ConfigureAwait(false);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
            while (true)
            {
                link.CancelAfter(EventSilenceLimit);
                string? text;
                try
                {
                    text = await reader.ReadLineAsync(link.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new TimeoutException($"the event stream of host \"{HostName}\" ({BaseAddress}) was silent for {EventSilenceLimit.TotalSeconds:0.###} s", e);
                }
                catch (IOException e)
                {
                    throw new HttpRequestException($"the event stream of host \"{HostName}\" ({BaseAddress}) broke: {e.Message}", e);
                }

                if (text is null)
                {
                    throw new HttpRequestException($"the agent of host \"{HostName}\" ({BaseAddress}) ended its event stream");
                }

                if (text.Length > 0)
                {
                    yield return ReadEvent(text);
                }
            }
        }
    }

    private VmEvent ReadEvent(string text)
    {
        try
        {
            return JsonSerializer.Deserialize<VmEvent>(text, AgentJson.Answers)
                ?? throw new HttpRequestException($"the agent of host \"{HostName}\" sent an empty event");
        }
        catch (JsonException e)
        {
            throw new HttpRequestException($"the agent of host \"{HostName}\" sent an event that does not read: {e.Message}", e);
        }
    }
}
