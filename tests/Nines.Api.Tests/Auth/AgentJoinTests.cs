using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Nines.Api.Auth;
using Nines.Api.Tests.Support;
using Nines.Contracts.Security;
using Nines.Store.Memory;
using Nines.Testing;

namespace Nines.Api.Tests.Auth;

/// <summary>Join tokens and the join: minted by admins, used once, expiring, and the certificate names the token's host only.</summary>
public sealed class AgentJoinTests
{
    [Fact]
    public async Task Join_TokenPresentedTwice_FirstGetsACertificateForItsHostSecondIsRefused()
    {
        await using var host = await ApiHost.StartAsync(sqlite: true, controller: false, certificateAuthority: true);
        using var admin = host.Client(host.AdminToken);
        using var anonymous = host.Client(null);
        var token = await MintAsync(admin, "h1");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        // The request asks for another host's identity: only its key is used.
        var first = await anonymous.PostAsJsonAsync("/v1/agents/join", new AgentJoinRequest(token, NinesCertificateAuthority.CreateAgentRequestPem("h2", key)));
        var second = await anonymous.PostAsJsonAsync("/v1/agents/join", new AgentJoinRequest(token, NinesCertificateAuthority.CreateAgentRequestPem("h1", key)));

        first.StatusCode.ShouldBe(HttpStatusCode.OK, await first.Content.ReadAsStringAsync());
        var answer = (await first.Content.ReadFromJsonAsync<AgentJoinAnswer>(ApiHost.Json))!;
        answer.Host.ShouldBe("h1");
        using var certificate = X509Certificate2.CreateFromPem(answer.Certificate);
        NinesIdentity.UrisOf(certificate).ShouldBe(["urn:nines:agent:h1"]);
        certificate.PublicKey.GetECDsaPublicKey()!.ExportSubjectPublicKeyInfo().ShouldBe(key.ExportSubjectPublicKeyInfo());
        var authority = host.App.Services.GetRequiredService<NinesCertificateAuthority>();
        NinesIdentity.Verify(certificate, authority.Certificate, NinesIdentity.Agent("h1"), CertificateUsage.Server, TimeProvider.System.GetUtcNow()).ShouldBeNull();
        second.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await second.Content.ReadAsStringAsync()).ShouldContain("used already");
    }

    [Fact]
    public async Task Join_TokenPastItsExpiry_IsRefusedSayingExpired()
    {
        var clock = new FakeTimeProvider();
        await using var host = await ApiHost.StartAsync(sqlite: true, controller: false, clock: clock, certificateAuthority: true);
        using var admin = host.Client(host.AdminToken);
        using var anonymous = host.Client(null);
        var token = await MintAsync(admin, "h1", "30m");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        clock.Advance(TimeSpan.FromMinutes(30));
        var late = await anonymous.PostAsJsonAsync("/v1/agents/join", new AgentJoinRequest(token, NinesCertificateAuthority.CreateAgentRequestPem("h1", key)));

        late.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await late.Content.ReadAsStringAsync()).ShouldContain("expired");
    }

    [Fact]
    public async Task Join_MalformedRequest_Answers400AndLeavesTheTokenUsable()
    {
        await using var host = await ApiHost.StartAsync(sqlite: true, controller: false, certificateAuthority: true);
        using var admin = host.Client(host.AdminToken);
        using var anonymous = host.Client(null);
        var token = await MintAsync(admin, "h1");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var bad = await anonymous.PostAsJsonAsync("/v1/agents/join", new AgentJoinRequest(token, "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----"));
        var good = await anonymous.PostAsJsonAsync("/v1/agents/join", new AgentJoinRequest(token, NinesCertificateAuthority.CreateAgentRequestPem("h1", key)));

        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("certificateRequest");
        good.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task CreateJoinToken_NotAdminOrBadHost_IsRefused()
    {
        await using var host = await ApiHost.StartAsync(sqlite: true, controller: false, certificateAuthority: true);
        using var operatorClient = host.Client(host.OperatorToken);
        using var admin = host.Client(host.AdminToken);

        (await operatorClient.PostAsJsonAsync("/v1/agents/join-tokens", new { host = "h1" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var bad = await admin.PostAsJsonAsync("/v1/agents/join-tokens", new { host = "h1/../x", expires = "never" });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors.TryGetProperty("host", out _).ShouldBeTrue();
        errors.TryGetProperty("expires", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task Join_ControllerWithoutCertificateAuthority_Answers503()
    {
        await using var host = await ApiHost.StartAsync(sqlite: true, controller: false);
        using var admin = host.Client(host.AdminToken);

        (await admin.PostAsJsonAsync("/v1/agents/join-tokens", new { host = "h1" })).StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public async Task RedeemAsync_SameTokenTwiceAtOnce_OnlyOneGetsTheHost()
    {
        await using var store = new MemoryStateStore();
        var tokens = new JoinTokenService(store, TimeProvider.System);
        for (var round = 0; round < 20; round++)
        {
            var issued = await tokens.CreateAsync("h1", TimeSpan.FromMinutes(5), CancellationToken.None);

            var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => tokens.RedeemAsync(issued.Token, CancellationToken.None))));

            results.Count(r => r.Host == "h1").ShouldBe(1);
        }
    }

    [Fact]
    public async Task RedeemAsync_WrongSecretForAnExistingId_IsRefusedAndTheTokenStillWorks()
    {
        await using var store = new MemoryStateStore();
        var tokens = new JoinTokenService(store, TimeProvider.System);
        var issued = await tokens.CreateAsync("h1", TimeSpan.FromMinutes(5), CancellationToken.None);
        var forged = issued.Token[..issued.Token.LastIndexOf('.')] + ".AAAA";

        (await tokens.RedeemAsync(forged, CancellationToken.None)).Host.ShouldBeNull();
        (await tokens.RedeemAsync(issued.Token, CancellationToken.None)).Host.ShouldBe("h1");
        (await store.RangeAsync(JoinTokenService.KeyPrefix)).Entries.ShouldBeEmpty();
    }

    private static async Task<string> MintAsync(HttpClient admin, string host, string? expires = null)
    {
        var response = await admin.PostAsJsonAsync("/v1/agents/join-tokens", new { host, expires });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var issued = (await response.Content.ReadFromJsonAsync<IssuedJoinToken>(ApiHost.Json))!;
        issued.Host.ShouldBe(host);
        return issued.Token;
    }
}
