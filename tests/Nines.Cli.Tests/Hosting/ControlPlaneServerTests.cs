using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nines.Agent.Hosting;
using Nines.Api.Auth;
using Nines.Cli.Hosting;
using Nines.Testing;

namespace Nines.Cli.Tests.Hosting;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ControlPlaneServerTests : IDisposable
{
    private readonly string _data = Path.Combine(Directory.CreateTempSubdirectory("nines-cli-host-").FullName, "data");

    [Fact]
    public async Task StartAsync_FirstStart_WritesOwnerOnlyAdminTokenAndControllerRecord()
    {
        await using var host = await StartAsync();

        host.AdminTokenCreated.ShouldBeTrue();
        File.ReadAllText(host.AdminTokenPath).Trim().ShouldBe(host.AdminToken);
        File.GetUnixFileMode(host.AdminTokenPath).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.GetUnixFileMode(ControllerInfo.PathIn(_data)).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var info = ControllerInfo.TryRead(_data)!;
        info.Url.ShouldBe(host.Url.ToString());
        info.Pid.ShouldBe(Environment.ProcessId);
        info.Driver.ShouldBe("fake");
        info.NetworkNamespace.ShouldBeNull();
        var record = await host.Services.GetRequiredService<TokenService>().ValidateAsync(host.AdminToken, CancellationToken.None);
        record!.Role.ShouldBe(ApiRole.Admin);
    }

    [Fact]
    public async Task StartAsync_Started_DataProtectionKeysStayInMemory()
    {
        // The web host's default key ring warned at every start that keys were written unencrypted to ~/.aspnet.
        await using var host = await StartAsync();

        host.Services.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>()
            .ShouldBeOfType<Microsoft.AspNetCore.DataProtection.EphemeralDataProtectionProvider>();
    }

    [Fact]
    public async Task StartAsync_FakeDriverStartAndAnHaDeploy_LogsNoWarningOrError()
    {
        // What `nines up --driver fake` does, with the console's log also captured: a start (and a first deploy whose
        // redundancy group the availability manager takes on) says nothing a user would have to act on.
        var logs = new CapturingLoggerProvider();
        await using var host = await ControlPlaneServer.StartAsync(
            new ControlPlaneServerOptions
            {
                DataDirectory = _data,
                Listen = "127.0.0.1:0",
                Driver = EmbeddedDriverKind.Fake,
                Logging = new CliLogging(LogLevel.Information, CliLogFormat.Text) { AlsoTo = logs },
            },
            CancellationToken.None);

        var outcome = await host.Embedded!.DeployTextAsync(HaScenario, "ha.yaml", null, null, CancellationToken.None);
        outcome.Succeeded.ShouldBeTrue(outcome.Operation.Error);
        await logs.WaitForAsync(e => e.Category == "Nines.Controller.AvailabilityShell.AvailabilityManager" && e.EventId.Id == 10 && e.Value("Group") == "svc", "of the group taken on");
        using (var client = new HttpClient { BaseAddress = host.Url })
        {
            // A request without a token is the caller's mistake, answered, not the controller's to warn about.
            (await client.GetAsync("v1/deployments")).StatusCode.ShouldBe(System.Net.HttpStatusCode.Unauthorized);
        }

        logs.Entries.Where(e => e.Level >= LogLevel.Warning).ShouldBeEmpty();
    }

    [Fact]
    public async Task StartAsync_SecondStart_KeepsTheTokenThatStillVerifies()
    {
        string first;
        await using (var host = await StartAsync())
        {
            first = host.AdminToken;
        }

        ControllerInfo.TryRead(_data).ShouldBeNull("a graceful stop removes the record");
        ControllerInfo.TryReadLastRun(_data).ShouldNotBeNull("nines down tears down what the last run made").Driver.ShouldBe("fake");
        await using var again = await StartAsync();

        again.AdminTokenCreated.ShouldBeFalse();
        again.AdminToken.ShouldBe(first);
    }

    [Fact]
    public async Task StartAsync_TokenRevoked_CreatesANewOne()
    {
        string first;
        await using (var host = await StartAsync())
        {
            first = host.AdminToken;
            (await host.Services.GetRequiredService<TokenService>().RevokeAsync(TokenService.Hash(first), CancellationToken.None)).ShouldBeTrue();
        }

        await using var again = await StartAsync();

        again.AdminTokenCreated.ShouldBeTrue();
        again.AdminToken.ShouldNotBe(first);
        File.ReadAllText(again.AdminTokenPath).Trim().ShouldBe(again.AdminToken);
    }

    [Theory]
    [InlineData("127.0.0.1:7409", "http://127.0.0.1:7409")]
    [InlineData("http://0.0.0.0:8080", "http://0.0.0.0:8080")]
    [InlineData("localhost:0", "http://localhost:0")]
    public void ListenUrl_HostAndPort_BecomesAnHttpUrl(string listen, string expected) =>
        ControlPlaneServerOptions.ListenUrl(listen).ShouldBe(expected);

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("https://127.0.0.1:7409")]
    [InlineData("127.0.0.1:7409/x")]
    public void ListenUrl_NotHostAndPort_IsRejectedNamingTheOption(string listen) =>
        Should.Throw<ArgumentException>(() => ControlPlaneServerOptions.ListenUrl(listen)).Message.ShouldContain("--listen");

    // Issue 26: a `nines up` that failed after it had started Open vSwitch (here: its port is taken) left
    // ovsdb-server and ovs-vswitchd running, and the namespace it made.
    [Cluster.RequiresClusterHostFact]
    public async Task StartAsync_QemuDriverPortTaken_FailsAndLeavesNoSwitchOrNamespace()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        var netns = $"nines-t{Environment.ProcessId % 100000}";

        await Should.ThrowAsync<IOException>(() => ControlPlaneServer.StartAsync(
            new ControlPlaneServerOptions
            {
                DataDirectory = _data,
                Listen = $"127.0.0.1:{port}",
                Driver = EmbeddedDriverKind.Qemu,
                NetworkNamespace = netns,
            },
            CancellationToken.None));

        var ovsDirectory = Path.Combine(_data, "ovs");
        Directory.Exists(ovsDirectory).ShouldBeTrue("the start got as far as Open vSwitch");
        var left = Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
            .Where(pid => pid > 1)
            .Select(pid => (pid, File.Exists($"/proc/{pid}/cmdline") ? TryRead($"/proc/{pid}/cmdline") : ""))
            .Where(p => p.Item2.Contains(ovsDirectory, StringComparison.Ordinal))
            .Select(p => $"{p.pid}: {p.Item2.Replace('\0', ' ')}")
            .ToList();
        left.ShouldBeEmpty();
        File.Exists(Path.Combine("/run/netns", netns)).ShouldBeFalse("the namespace this start made is deleted");
    }

    private static string TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return "";
        }
    }

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_data)!, recursive: true);

    private const string HaScenario = """
        nines: 1
        name: ha
        networks:
          - name: net0
        vms:
          - name: a
            interfaces:
              - {id: 0, network: net0, ipv4: [10.9.0.1/24]}
          - name: b
            interfaces:
              - {id: 0, network: net0, ipv4: [10.9.0.2/24]}
        redundancy_groups:
          - {name: svc, model: 2N, members: [a, b]}
        """;

    [Fact]
    public async Task StartAsync_ImageRoot_ApiAcceptsItsFilesAndTheTenantLibraryAndRefusesTheRest()
    {
        // What `nines up --image-root DIR` composes: the API's policy (DIR and DATA/images/<tenant>) and the agent's.
        var root = Directory.CreateDirectory(Path.Combine(Path.GetDirectoryName(_data)!, "images")).FullName;
        File.WriteAllText(Path.Combine(root, "shared.img"), "a disk");
        await using var host = await ControlPlaneServer.StartAsync(
            new ControlPlaneServerOptions { DataDirectory = _data, Listen = "127.0.0.1:0", Driver = EmbeddedDriverKind.Fake, ImageRoots = [root] },
            CancellationToken.None);
        var library = Directory.CreateDirectory(Path.Combine(_data, "images", "default")).FullName;
        File.WriteAllText(Path.Combine(library, "own.img"), "a disk");
        using var client = new HttpClient { BaseAddress = host.Url };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", host.AdminToken);

        var accepted = await System.Net.Http.Json.HttpClientJsonExtensions.PutAsJsonAsync(client, "v1/deployments/ok", new { scenario = Images($"{root}/shared.img", $"{library}/own.img") });
        var refused = await System.Net.Http.Json.HttpClientJsonExtensions.PutAsJsonAsync(client, "v1/deployments/bad", new { scenario = Images($"{root}/shared.img", "/etc/shadow") });

        accepted.StatusCode.ShouldBe(System.Net.HttpStatusCode.Accepted, await accepted.Content.ReadAsStringAsync());
        refused.StatusCode.ShouldBe(System.Net.HttpStatusCode.BadRequest);
        var body = await refused.Content.ReadAsStringAsync();
        body.ShouldContain("NX7603");
        body.ShouldContain("vm[b]/image");
    }

    private static string Images(string a, string b) => $"""
        nines: 1
        name: disks
        vms:
          - name: a
            image: {a}
          - name: b
            image: {b}
        """;

    private Task<ControlPlaneServer> StartAsync() =>
        ControlPlaneServer.StartAsync(new ControlPlaneServerOptions { DataDirectory = _data, Listen = "127.0.0.1:0", Driver = EmbeddedDriverKind.Fake }, CancellationToken.None);
}
