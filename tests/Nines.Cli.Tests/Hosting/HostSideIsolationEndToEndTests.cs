using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Nines.Agent.Hosting;
using Nines.Cli.Hosting;
using Nines.Networking.Commands;
using Nines.Networking.Ovs;
using Nines.Networking.Planning;
using Xunit.Abstractions;

namespace Nines.Cli.Tests.Hosting;

/// <summary>
/// Issue 18 item 3 end to end, through the API with two operator tokens: tenants a and b deploy the same scenario
/// shape — a host interface 10.0.0.1/24 and a host route, and an OS-level instance on the same subnet (a's at .5, b's
/// at .6) — on one controller (real Open vSwitch in a throw-away namespace, no route off the machine). Both work; each
/// host side lives in a namespace of its own where it reaches its own instance and never the other tenant's; nothing of
/// either reaches the switch's namespace; undeploy deletes each namespace.
/// </summary>
public sealed class HostSideIsolationEndToEndTests(ITestOutputHelper output)
{
    [Cluster.RequiresClusterHostFact]
    public async Task Deploy_TwoTenantsSameSubnetWithHostInterfaces_BothWorkAndNeitherReachesTheOther()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        var ct = timeout.Token;
        var id = RandomNumberGenerator.GetHexString(6, lowercase: true);
        var root = Directory.CreateTempSubdirectory("nines-hostside-").FullName;
        var data = Path.Combine(root, "data");
        var netns = $"nines-hs{id}";
        var machine = new ProcessCommandRunner();
        var (a, b) = ($"a{id}", $"b{id}");
        var (aSide, bSide) = (HostSideNamespace.Name($"{a}.lab", netns), HostSideNamespace.Name($"{b}.lab", netns));
        var host = await ControlPlaneServer.StartAsync(
            new ControlPlaneServerOptions { DataDirectory = data, Listen = "127.0.0.1:0", Driver = EmbeddedDriverKind.Qemu, NetworkNamespace = netns },
            ct);
        using var admin = Client(host, host.AdminToken);
        var (tokenA, tokenB) = (await TokenAsync(admin, a, ct), await TokenAsync(admin, b, ct));
        using var tenantA = Client(host, tokenA);
        using var tenantB = Client(host, tokenB);
        try
        {
            await DeployAsync(tenantA, "10.0.0.5", ct);
            await DeployAsync(tenantB, "10.0.0.6", ct);

            // Both host sides are 10.0.0.1/24 with a route to 10.1.0.0/16, each in its own namespace.
            foreach (var (side, instance) in new[] { (aSide, "10.0.0.5"), (bSide, "10.0.0.6") })
            {
                File.Exists(Path.Combine("/run/netns", side)).ShouldBeTrue($"{side} is made");
                (await InAsync(machine, side, ct, "ip", "-4", "addr", "show")).StandardOutput.ShouldContain("10.0.0.1/24");
                (await InAsync(machine, side, ct, "ip", "-4", "route", "show", "10.1.0.0/16")).StandardOutput.ShouldContain($"via {instance}");
            }

            (await PingAsync(machine, aSide, "10.0.0.5", ct)).ShouldBeTrue("a's host side reaches a's instance");
            (await PingAsync(machine, bSide, "10.0.0.6", ct)).ShouldBeTrue("b's host side reaches b's instance");
            (await InAsync(machine, aSide, ct, "ping", "-c", "3", "-W", "1", "10.0.0.6")).Succeeded.ShouldBeFalse("a never reaches b's instance");
            (await InAsync(machine, bSide, ct, "ping", "-c", "3", "-W", "1", "10.0.0.5")).Succeeded.ShouldBeFalse("b never reaches a's instance");

            // `nines hostside` finds the caller's own deployment through the API: "lab" is a's for a's token, b's for b's.
            var fromA = await CliRunner.RunAsync("hostside", "lab", "--netns", netns, "--controller", host.Url.ToString(), "--token", tokenA, "--", "ping", "-c", "1", "-W", "2", "10.0.0.5");
            fromA.ExitCode.ShouldBe(0, fromA.Out + fromA.Error);
            fromA.Out.ShouldContain("1 received");
            var fromB = await CliRunner.RunAsync("hostside", "lab", "--netns", netns, "--controller", host.Url.ToString(), "--token", tokenB, "--", "ping", "-c", "1", "-W", "2", "10.0.0.5");
            fromB.ExitCode.ShouldNotBe(0, "b's host side never reaches a's instance");

            // The switch's namespace (the controller's) carries neither tenant's addresses nor routes.
            (await InAsync(machine, netns, ct, "ip", "-4", "addr", "show")).StandardOutput.ShouldNotContain("10.0.0.");
            (await InAsync(machine, netns, ct, "ip", "-4", "route", "show")).StandardOutput.ShouldNotContain("10.");

            // A host route over what is already there (its own connected subnet) is never replaced: the deployment fails naming it.
            var clash = await tenantA.PutAsJsonAsync("/v1/deployments/clash", new { scenario = Clash, source = "clash.yaml" }, ct);
            clash.StatusCode.ShouldBe(HttpStatusCode.Accepted, await clash.Content.ReadAsStringAsync(ct));
            var failed = await WaitAsync(tenantA, clash.Headers.Location!.ToString(), "FAILED", ct);
            failed.GetProperty("error").GetString()!.ShouldContain("host/route[10.0.9.0/24]");
            failed.GetProperty("error").GetString()!.ShouldContain("rule hostRouteExists");
            (await InAsync(machine, HostSideNamespace.Name($"{a}.clash", netns), ct, "ip", "-4", "route", "show", "10.0.9.0/24")).StandardOutput.ShouldNotContain("via");
            await UndeployAsync(tenantA, ct, "clash");
            File.Exists(Path.Combine("/run/netns", HostSideNamespace.Name($"{a}.clash", netns))).ShouldBeFalse();

            await UndeployAsync(tenantA, ct);
            File.Exists(Path.Combine("/run/netns", aSide)).ShouldBeFalse("undeploy deletes a's namespace");
            File.Exists(Path.Combine("/run/netns", bSide)).ShouldBeTrue("and only a's");
            (await PingAsync(machine, bSide, "10.0.0.6", ct)).ShouldBeTrue("b still works");
            await UndeployAsync(tenantB, ct);
            File.Exists(Path.Combine("/run/netns", bSide)).ShouldBeFalse();
        }
        finally
        {
            foreach (var client in new[] { tenantA, tenantB })
            {
                await client.DeleteAsync("/v1/deployments/lab", CancellationToken.None);
            }

            await tenantA.DeleteAsync("/v1/deployments/clash", CancellationToken.None);

            await host.DisposeAsync();
            await OvsDaemon.StopAtAsync(new OvsDaemonOptions(Path.Combine(data, "ovs")), new NetnsCommandRunner(netns, machine), null, CancellationToken.None);
            foreach (var name in new[] { aSide, bSide, HostSideNamespace.Name($"{a}.clash", netns), netns })
            {
                await machine.RunAsync("ip", ["netns", "del", name], null, CancellationToken.None);
            }

            Directory.Delete(root, recursive: true);
        }
    }

    private static string Scenario(string instance) => $$"""
        nines: 1
        name: lab
        networks:
          - name: net0
        vms:
          - name: vnf
            type: os
            memory: 32M
            interfaces:
              - {id: 0, network: net0, ipv4: [{{instance}}/24]}
        host:
          interfaces:
            - {network: net0, ipv4: [10.0.0.1/24]}
          routes:
            - {to: 10.1.0.0/16, via: {{instance}}}
        """;

    private const string Clash = """
        nines: 1
        name: clash
        networks:
          - name: net0
        vms:
          - name: vnf
            type: os
            memory: 32M
            interfaces:
              - {id: 0, network: net0, ipv4: [10.0.9.2/24]}
        host:
          interfaces:
            - {network: net0, ipv4: [10.0.9.1/24]}
          routes:
            - {to: 10.0.9.0/24, via: 10.0.9.2}
        """;

    private static HttpClient Client(ControlPlaneServer host, string token)
    {
        var client = new HttpClient { BaseAddress = host.Url };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<string> TokenAsync(HttpClient admin, string tenant, CancellationToken ct)
    {
        var created = await admin.PostAsJsonAsync("/v1/tokens", new { role = "operator", tenant }, ct);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(ct));
        return JsonDocument.Parse(await created.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("token").GetString()!;
    }

    private async Task DeployAsync(HttpClient client, string instance, CancellationToken ct)
    {
        var response = await client.PutAsJsonAsync("/v1/deployments/lab", new { scenario = Scenario(instance), source = "lab.yaml" }, ct);
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync(ct));
        await WaitAsync(client, response.Headers.Location!.ToString(), ct);
    }

    private async Task UndeployAsync(HttpClient client, CancellationToken ct, string name = "lab")
    {
        var response = await client.DeleteAsync($"/v1/deployments/{name}", ct);
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync(ct));
        await WaitAsync(client, response.Headers.Location!.ToString(), ct);
    }

    private async Task<JsonElement> WaitAsync(HttpClient client, string operation, CancellationToken ct) =>
        await WaitAsync(client, operation, "COMPLETED", ct);

    private async Task<JsonElement> WaitAsync(HttpClient client, string operation, string expected, CancellationToken ct)
    {
        while (true)
        {
            var body = JsonDocument.Parse(await client.GetStringAsync(operation, ct)).RootElement;
            var state = body.GetProperty("state").GetString();
            if (state is "COMPLETED" or "FAILED" or "CANCELLED")
            {
                output.WriteLine($"{operation}: {state} {(body.TryGetProperty("error", out var error) ? error.ToString() : string.Empty)}");
                state.ShouldBe(expected, body.ToString());
                return body;
            }

            await Task.Delay(250, ct);
        }
    }

    private static Task<CommandResult> InAsync(ProcessCommandRunner machine, string ns, CancellationToken ct, params string[] command) =>
        machine.RunAsync("ip", ["netns", "exec", ns, .. command], null, ct);

    /// <summary>A fresh segment may drop its first packets while ARP resolves: up to 20 one-second probes.</summary>
    private static async Task<bool> PingAsync(ProcessCommandRunner machine, string ns, string address, CancellationToken ct)
    {
        for (var i = 0; i < 20; i++)
        {
            if ((await InAsync(machine, ns, ct, "ping", "-c", "1", "-W", "1", address)).Succeeded)
            {
                return true;
            }
        }

        return false;
    }
}
