using Nines.Contracts.Agents;
using Nines.Contracts.Model;
using Nines.Contracts.Security;

namespace Nines.Controller.RemoteAgents;

/// <summary>
/// The controller's way to its hosts' agents: a host registered with <see cref="LocalAgentUrl"/> is served by the
/// agent running in this process (embedded mode); any other by an <see cref="HttpHostAgent"/> to its
/// <see cref="HostRecord.AgentUrl"/>, one per URL (and host name), kept for reuse: its connections are pooled. The URL
/// must be <c>https://</c>: the client proves the controller with its certificate and believes only a listener whose
/// certificate names the host the record is registered under.
/// </summary>
public sealed class HttpHostAgentDirectory : IHostAgentDirectory, IDisposable
{
    /// <summary>The agent URL of a host whose agent runs in the controller's process.</summary>
    public const string LocalAgentUrl = "local:";

    private readonly TlsCredentials _controller;
    private readonly Dictionary<string, IHostAgent> _local;
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Url, string Host), HttpHostAgent> _remote = [];

    /// <param name="controller">The controller's client certificate and the cluster's CA.</param>
    /// <param name="localAgents">Agents running in this process, found by host name.</param>
    public HttpHostAgentDirectory(TlsCredentials controller, IEnumerable<IHostAgent>? localAgents = null)
    {
        ArgumentNullException.ThrowIfNull(controller);
        _controller = controller;
        _local = (localAgents ?? []).ToDictionary(a => a.HostName, StringComparer.Ordinal);
    }

    /// <summary>How long a call that waits for a guest may take (<see cref="HttpHostAgent.RequestTimeout"/>).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a convergence pass or removal may take (<see cref="HttpHostAgent.ConvergeTimeout"/>).</summary>
    public TimeSpan ConvergeTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a read may take (<see cref="HttpHostAgent.ReadTimeout"/>).</summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public IHostAgent Get(HostRecord host)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (host.AgentUrl.StartsWith(LocalAgentUrl, StringComparison.Ordinal))
        {
            return _local.TryGetValue(host.Name, out var agent)
                ? agent
                : throw new InvalidOperationException($"host \"{host.Name}\" is registered as local but no agent for it runs in this process");
        }

        if (!Uri.TryCreate(host.AgentUrl, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttps)
        {
            throw new InvalidOperationException($"host \"{host.Name}\" is registered with agent URL \"{host.AgentUrl}\", which is neither {LocalAgentUrl} nor an https URL (agents are called over mutual TLS only)");
        }

        // Keyed by name too: a URL taken over by another host name (an agent re-registered under a new name) gets a
        // client of its own, and the old one is never disposed under a call still using it.
        lock (_gate)
        {
            if (!_remote.TryGetValue((host.AgentUrl, host.Name), out var client))
            {
                _remote[(host.AgentUrl, host.Name)] = client = new HttpHostAgent(host.Name, url, _controller) { RequestTimeout = RequestTimeout, ConvergeTimeout = ConvergeTimeout, ReadTimeout = ReadTimeout };
            }

            return client;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var client in _remote.Values)
            {
                client.Dispose();
            }

            _remote.Clear();
        }
    }
}
