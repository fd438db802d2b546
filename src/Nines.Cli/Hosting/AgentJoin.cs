using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Nines.Cli.Remote;
using Nines.Contracts.Security;

namespace Nines.Cli.Hosting;

/// <summary>
/// An agent's certificate: the one it saved in <c>AGENT-DATA/tls</c> when it joined, or — the first time — a new key
/// whose signing request goes with the one-time join token to the controller (over HTTPS, the controller verified
/// against <c>--ca-cert</c>, <c>NINES_CA_CERT</c>, the machine's <c>DATA/tls/ca.crt</c> or the machine's roots).
/// The key never leaves the agent's directory.
/// </summary>
internal static class AgentJoin
{
    /// <summary>What the agent command says about joining.</summary>
    /// <param name="Token">The join token (<c>--join</c>); used only when the agent has no certificate yet.</param>
    /// <param name="Controller">The controller's URL (<c>--controller</c>); null for <c>NINES_CONTROLLER</c>, else <c>DATA/controller.json</c>.</param>
    /// <param name="CaFile">The CA (PEM) the controller's server certificate chains to (<c>--ca-cert</c>); null for the defaults.</param>
    internal sealed record Request(string? Token, string? Controller, string? CaFile);

    /// <exception cref="InvalidOperationException">No certificate and no token, or no controller to join.</exception>
    /// <exception cref="InvalidDataException">The saved certificate is another host's, or does not read.</exception>
    /// <exception cref="NinesApiException">The controller refused the join or did not answer.</exception>
    public static async Task<TlsCredentials> EnsureAsync(CliContext context, string host, string agentData, string ninesData, Request join, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(join);
        if (TlsCredentials.TryLoad(agentData) is { } saved)
        {
            return saved.AgentHost == host
                ? saved
                : throw new InvalidDataException($"{TlsCredentials.DirectoryIn(agentData)} holds the certificate of host \"{saved.AgentHost}\", not \"{host}\"");
        }

        if (join.Token is null)
        {
            throw new InvalidOperationException($"host {host} has no certificate yet ({TlsCredentials.DirectoryIn(agentData)}): mint a join token on the controller (nines host join-token {host}) and start the agent once with --join TOKEN");
        }

        var url = join.Controller ?? context.Variable("NINES_CONTROLLER") ?? ControllerInfo.TryRead(ninesData)?.Url
            ?? throw new InvalidOperationException($"no controller to join: pass --controller URL (none runs for {ninesData})");
        if (!Uri.TryCreate(url.TrimEnd('/') + "/", UriKind.Absolute, out var controller) || controller.Scheme != Uri.UriSchemeHttps)
        {
            throw new InvalidOperationException($"--controller \"{url}\": an agent joins over https:// only (the join token must not cross the network in clear)");
        }

        IReadOnlyList<X509Certificate2> authorities = join.CaFile is { } file
            ? [X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false))]
            : ControllerTrust.Authorities(context, ninesData);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var client = ControllerTrust.Client(controller, null, authorities);
        var answer = (await client.JoinAgentAsync(new AgentJoinRequest(join.Token, NinesCertificateAuthority.CreateAgentRequestPem(host, key)), cancellationToken).ConfigureAwait(false)).Value;
        if (answer.Host != host)
        {
            throw new InvalidDataException($"the join token is for host \"{answer.Host}\", not \"{host}\": start the agent with --host {answer.Host}, or mint a token for {host}");
        }

        return TlsCredentials.Save(agentData, key.ExportPkcs8PrivateKeyPem(), answer.Certificate, answer.Authority);
    }
}
