using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Nines.Api.Auth;
using Nines.Api.Tests.Endpoints;
using Nines.Api.Tests.Support;
using Nines.Testing;

namespace Nines.Api.Tests.Auth;

public sealed class TokenExpiryTests
{
    [Fact]
    public async Task CreateToken_OperatorWithoutExpires_ExpiresAfterTheDefaultNinetyDays()
    {
        var clock = new FakeTimeProvider();
        await using var host = await ApiHost.StartAsync(sqlite: true, controller: false, clock: clock);
        using var admin = host.Client(host.AdminToken);

        var issued = await CreateAsync(admin, new { role = "operator", tenant = "acme" });

        issued.Record.ExpiresAt.ShouldBe(clock.GetUtcNow() + TimeSpan.FromDays(90));
    }

    [Fact]
    public async Task CreateToken_AdminWithoutExpires_NeverExpires()
    {
        await using var host = await ApiHost.StartAsync(sqlite: true, controller: false, clock: new FakeTimeProvider());
        using var admin = host.Client(host.AdminToken);

        (await CreateAsync(admin, new { role = "admin", tenant = "acme" })).Record.ExpiresAt.ShouldBeNull();
    }

    [Fact]
    public async Task Token_PastItsExpiry_Returns401ProblemSayingExpired()
    {
        var clock = new FakeTimeProvider();
        await using var host = await ApiHost.StartAsync(sqlite: true, controller: false, clock: clock);
        using var admin = host.Client(host.AdminToken);
        var issued = await CreateAsync(admin, new { role = "viewer", tenant = "acme", name = "ci reader", expires = "30d" });
        using var client = host.Client(issued.Token);
        (await client.GetAsync("/v1/deployments")).StatusCode.ShouldBe(HttpStatusCode.OK);

        clock.Advance(TimeSpan.FromDays(30));
        var response = await client.GetAsync("/v1/deployments");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("title").GetString().ShouldBe("token expired");
        problem.GetProperty("detail").GetString()!.ShouldContain("expired at");
        response.Headers.WwwAuthenticate.ToString().ShouldContain("invalid_token");

        // The bootstrap-style admin token (no expiry) still works.
        (await admin.GetAsync("/v1/deployments")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ListTokens_ShowsNamesAndExpiryButNeverTheSecret()
    {
        var clock = new FakeTimeProvider();
        await using var host = await ApiHost.StartAsync(sqlite: true, controller: false, clock: clock);
        using var admin = host.Client(host.AdminToken);
        var issued = await CreateAsync(admin, new { role = "operator", tenant = "globex", name = "deployer", expires = "12h" });

        var text = await admin.GetStringAsync("/v1/tokens");

        text.ShouldNotContain(issued.Token);
        text.ShouldNotContain(issued.Token["nines_".Length..]);
        var listed = JsonSerializer.Deserialize<List<TokenRecord>>(text, ApiHost.Json)!.Single(t => t.Id == issued.Record.Id);
        listed.Name.ShouldBe("deployer");
        listed.ExpiresAt.ShouldBe(clock.GetUtcNow() + TimeSpan.FromHours(12));
    }

    [Theory]
    [InlineData("{\"role\":\"viewer\",\"tenant\":\"acme\",\"expires\":\"30x\"}", "expires")]
    [InlineData("{\"role\":\"viewer\",\"tenant\":\"acme\",\"expires\":\"0d\"}", "expires")]
    [InlineData("{\"role\":\"viewer\",\"tenant\":\"acme\",\"expires\":\"99999d\"}", "expires")]
    [InlineData("{\"role\":\"viewer\",\"tenant\":\"acme\",\"name\":\"a\\nb\"}", "name")]
    [InlineData("{\"role\":\"viewer\",\"tenant\":\"acme\",\"name\":\"\"}", "name")]
    public async Task CreateToken_BadExpiresOrName_Returns400NamingTheField(string body, string field)
    {
        await using var host = await ApiHost.StartAsync(sqlite: true, controller: false);
        using var admin = host.Client(host.AdminToken);

        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        var response = await admin.PostAsync("/v1/tokens", content);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await DeploymentEndpointsTests.ErrorsAsync(response)).Keys.ShouldBe([field]);
    }

    [Theory]
    [InlineData("45m", 45 * 60)]
    [InlineData("12h", 12 * 3600)]
    [InlineData("30d", 30 * 86400)]
    [InlineData("2w", 14 * 86400)]
    public void TokenLifetime_Units_ParseToTheirSpan(string text, int seconds)
    {
        TokenLifetime.TryParse(text, out var lifetime, out _).ShouldBeTrue();
        lifetime.ShouldBe(TimeSpan.FromSeconds(seconds));
    }

    [Fact]
    public void TokenLifetime_Never_IsNoExpiry()
    {
        TokenLifetime.TryParse("never", out var lifetime, out _).ShouldBeTrue();
        lifetime.ShouldBeNull();
    }

    private static async Task<IssuedToken> CreateAsync(HttpClient admin, object body)
    {
        var response = await admin.PostAsJsonAsync("/v1/tokens", body);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<IssuedToken>(ApiHost.Json))!;
    }
}
