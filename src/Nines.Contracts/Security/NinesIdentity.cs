using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Nines.Contracts.Security;

/// <summary>
/// Who a certificate of the Nines CA speaks for, written as a URI in its subject alternative names:
/// <c>urn:nines:agent:HOST</c> for the agent of a host, <c>urn:nines:controller</c> for a controller's client
/// certificate. The agent name is checked against the name a host is registered under, never against its URL, so an
/// etcd entry pointing somewhere else gains nothing.
/// </summary>
public static class NinesIdentity
{
    /// <summary>The identity of every controller (the client certificate it presents to agents).</summary>
    public const string Controller = "urn:nines:controller";

    private const string AgentPrefix = "urn:nines:agent:";
    private static readonly Asn1Tag _uriTag = new(TagClass.ContextSpecific, 6);

    /// <summary>Whether <paramref name="hostName"/> is a host name agents may register as (letters, digits, <c>. _ -</c>, at most 63).</summary>
    public static bool IsValidHostName(string? hostName) =>
        hostName is { Length: > 0 and <= 63 } && char.IsAsciiLetterOrDigit(hostName[0]) && hostName.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    /// <summary>The identity of the agent of <paramref name="hostName"/>.</summary>
    public static string Agent(string hostName)
    {
        ArgumentException.ThrowIfNullOrEmpty(hostName);
        return AgentPrefix + hostName;
    }

    /// <summary>The host name in an agent identity URI, or null when <paramref name="uri"/> is not one.</summary>
    public static string? AgentHostOf(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return uri.StartsWith(AgentPrefix, StringComparison.Ordinal) ? uri[AgentPrefix.Length..] : null;
    }

    /// <summary>The URIs in the certificate's subject alternative names (none when it has no such extension or it does not read).</summary>
    public static IReadOnlyList<string> UrisOf(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var extension = certificate.Extensions.FirstOrDefault(e => e.Oid?.Value == "2.5.29.17");
        if (extension is null)
        {
            return [];
        }

        try
        {
            var uris = new List<string>();
            var sequence = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
            while (sequence.HasData)
            {
                if (sequence.PeekTag().HasSameClassAndValue(_uriTag))
                {
                    uris.Add(sequence.ReadCharacterString(UniversalTagNumber.IA5String, _uriTag));
                }
                else
                {
                    sequence.ReadEncodedValue();
                }
            }

            return uris;
        }
        catch (AsnContentException)
        {
            return [];
        }
    }

    /// <summary>
    /// Why <paramref name="presented"/> (with the intermediate certificates the peer sent, if any) does not prove
    /// <paramref name="expectedIdentity"/> under <paramref name="authority"/>, or null when it does: it must chain to
    /// that CA alone (the machine's trusted roots count for nothing), be valid now, allow <paramref name="usage"/> and
    /// name exactly that identity.
    /// </summary>
    public static string? Verify(X509Certificate2? presented, X509Certificate2 authority, string expectedIdentity, CertificateUsage usage, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(authority);
        if (presented is null)
        {
            return "no certificate was presented";
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(usage == CertificateUsage.Server ? ServerAuthOid : ClientAuthOid));
        if (!chain.Build(presented))
        {
            var status = string.Join(", ", chain.ChainStatus.Select(s => s.Status.ToString()).Distinct());
            return $"the certificate \"{presented.Subject}\" does not chain to the Nines CA for {usage.ToString().ToLowerInvariant()} use ({status})";
        }

        var root = chain.ChainElements[^1].Certificate;
        if (!root.RawDataMemory.Span.SequenceEqual(authority.RawDataMemory.Span))
        {
            return $"the certificate \"{presented.Subject}\" chains to another CA";
        }

        var names = UrisOf(presented);
        return names.Contains(expectedIdentity, StringComparer.Ordinal)
            ? null
            : $"the certificate names {(names.Count == 0 ? "no Nines identity" : string.Join(", ", names))}, not {expectedIdentity}";
    }

    /// <summary>TLS web server authentication (RFC 5280).</summary>
    public const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";

    /// <summary>TLS web client authentication (RFC 5280).</summary>
    public const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";
}
