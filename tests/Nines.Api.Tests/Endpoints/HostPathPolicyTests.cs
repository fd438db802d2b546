using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Nines.Api.Tests.Support;
using Nines.Contracts.Model;

namespace Nines.Api.Tests.Endpoints;

/// <summary>
/// Issue 18 item 1 through the API as an operator of tenant "acme": a scenario names host files only inside an image
/// library (the shared root, or acme's own library); each escape is a 400 problem+json whose diagnostic names the field
/// and the rule, every refusal at once, and nothing is stored.
/// </summary>
public sealed class HostPathPolicyTests
{
    [Theory]
    [InlineData("image: /etc/shadow", "vm[r1]/image", "NX7603", "inside-image-library")]
    [InlineData("kernel: {path: /etc/passwd}", "vm[r1]/kernel", "NX7603", "inside-image-library")]
    [InlineData("image: relative/disk.qcow2", "vm[r1]/image", "NX7601", "absolute-path")]
    public async Task Deploy_HostFileOutsideLibraries_Returns400NamingFieldAndRule(string line, string field, string code, string rule)
    {
        await using var host = await ApiHost.StartAsync(sqlite: false);
        using var client = host.Client(host.OperatorToken);

        var response = await DeployAsync(client, Guest(line));

        await ShouldBeRefusedAsync(host, response, (field, code, rule));
    }

    [Fact]
    public async Task Deploy_HostfsRootIsSlash_Returns400NamingFilesystem()
    {
        await using var host = await ApiHost.StartAsync(sqlite: false);
        using var client = host.Client(host.OperatorToken);

        var response = await DeployAsync(client, Instance("/"));

        await ShouldBeRefusedAsync(host, response, ("vm[r1]/filesystem", "NX7603", "inside-image-library"));
    }

    [Fact]
    public async Task Deploy_SymlinkInLibraryPointingAtEtc_Returns400SayingALinkLeadsOut()
    {
        await using var host = await ApiHost.StartAsync(sqlite: false);
        using var client = host.Client(host.OperatorToken);
        var library = host.LibraryOf("acme");
        File.CreateSymbolicLink(Path.Combine(library, "etc"), "/etc");

        var response = await DeployAsync(client, Guest($"image: {library}/etc/passwd"));

        var body = await ShouldBeRefusedAsync(host, response, ("vm[r1]/image", "NX7603", "inside-image-library"));
        body.ShouldContain("symbolic link");
    }

    [Fact]
    public async Task Deploy_DotDotOutOfLibrary_Returns400()
    {
        await using var host = await ApiHost.StartAsync(sqlite: false);
        using var client = host.Client(host.OperatorToken);
        var library = host.LibraryOf("acme");

        var response = await DeployAsync(client, Guest($"image: {library}/../../../../../../../etc/passwd"));

        await ShouldBeRefusedAsync(host, response, ("vm[r1]/image", "NX7603", "inside-image-library"));
    }

    [Fact]
    public async Task Deploy_DeviceNodeAndFifoInLibrary_Returns400NamingTheirType()
    {
        await using var host = await ApiHost.StartAsync(sqlite: false);
        using var client = host.Client(host.OperatorToken);
        var library = host.LibraryOf("acme");
        var device = Path.Combine(library, "sda");
        var fifo = Path.Combine(library, "pipe.img");
        await RunAsync("mknod", device, "c", "1", "3");   // the numbers of /dev/null: harmless if anything opened it
        await RunAsync("mkfifo", fifo);
        var yaml = $$"""
            nines: 1
            name: web
            vms:
              - name: r1
                image: {{device}}
              - name: r2
                filesystem: {path: {{fifo}}, type: direct}
            """;

        var response = await DeployAsync(client, yaml);

        var body = await ShouldBeRefusedAsync(host, response, ("vm[r1]/image", "NX7605", "file-type"), ("vm[r2]/filesystem", "NX7605", "file-type"));
        body.ShouldContain("a character device");
        body.ShouldContain("a FIFO");
    }

    [Fact]
    public async Task Deploy_AnotherTenantsLibraryFile_Returns400OwnLibraryRule()
    {
        await using var host = await ApiHost.StartAsync(sqlite: false);
        using var client = host.Client(host.OperatorToken);
        var theirs = Path.Combine(host.LibraryOf("globex"), "secret.qcow2");
        await File.WriteAllTextAsync(theirs, "globex's disk");

        var response = await DeployAsync(client, Guest($"image: {theirs}"));

        await ShouldBeRefusedAsync(host, response, ("vm[r1]/image", "NX7604", "own-library"));
    }

    [Fact]
    public async Task Deploy_HostfsPathWithComma_Returns400SafeCharactersRule()
    {
        // Today the comma reaches the overlay mount's -o lowerdir=...: ",upperdir=/etc" would be an option of its own.
        await using var host = await ApiHost.StartAsync(sqlite: false);
        using var client = host.Client(host.OperatorToken);
        var root = Directory.CreateDirectory(Path.Combine(host.LibraryOf("acme"), "root,upperdir=")).FullName;

        var response = await DeployAsync(client, Instance(root));

        // Refused by the scenario validator already (NX1531), so nines validate says it too; the policy's own check (NX7602)
        // stays for definitions that reach an agent some other way.
        await ShouldBeRefusedAsync(host, response, ("vm[r1]/filesystem", "NX1531", "safe-characters"));
    }

    [Fact]
    public async Task Deploy_SeveralEscapes_ReportsEveryOneAtOnce()
    {
        await using var host = await ApiHost.StartAsync(sqlite: false);
        using var client = host.Client(host.OperatorToken);
        const string Yaml = """
            nines: 1
            name: web
            vms:
              - name: r1
                image: /etc/shadow
              - name: r2
                kernel: {path: /etc/passwd, initrd: /etc/group}
              - name: r3
                type: os
                filesystem: {path: /, type: hostfs}
            """;

        var response = await DeployAsync(client, Yaml);

        await ShouldBeRefusedAsync(
            host,
            response,
            ("vm[r1]/image", "NX7603", "inside-image-library"),
            ("vm[r2]/kernel", "NX7603", "inside-image-library"),
            ("vm[r2]/kernel/initrd", "NX7603", "inside-image-library"),
            ("vm[r3]/filesystem", "NX7603", "inside-image-library"));
    }

    [Fact]
    public async Task Deploy_AdminActingInTenant_GetsNoException()
    {
        await using var host = await ApiHost.StartAsync(sqlite: false);
        using var client = host.Client(host.AdminToken);

        var response = await DeployAsync(client, Guest("image: /etc/shadow"), "?tenant=acme");

        await ShouldBeRefusedAsync(host, response, ("vm[r1]/image", "NX7603", "inside-image-library"));
    }

    [Fact]
    public async Task Deploy_FilesInsideLibraries_AcceptedAndDeployed()
    {
        await using var host = await ApiHost.StartAsync(sqlite: false);
        using var client = host.Client(host.OperatorToken);
        var library = host.LibraryOf("acme");
        var disk = Path.Combine(library, "disk.qcow2");
        await File.WriteAllTextAsync(disk, "a disk");
        var shared = Path.Combine(host.ImageRoot, "shared.img");
        await File.WriteAllTextAsync(shared, "a shared disk");
        var root = Directory.CreateDirectory(Path.Combine(library, "vnf-root")).FullName;
        var yaml = $$"""
            nines: 1
            name: web
            vms:
              - name: r1
                image: {{disk}}
              - name: r2
                image: {{shared}}
              - name: r3
                type: os
                filesystem: {path: {{root}}, type: hostfs}
              - name: r4
                kernel: {path: /usr/share/vnuml/kernels/linux-not-here}
            """;

        var response = await DeployAsync(client, yaml);

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var operation = await ApiHost.WaitForOperationAsync(client, response.Headers.Location!.ToString());
        operation.State.ShouldBe(OperationState.COMPLETED, operation.Error);
    }

    [Fact]
    public async Task Deploy_StoredWithoutTheApi_AgentRefusesAndTheDeploymentFailsNamingTheField()
    {
        // Defence in depth: a spec written to the store directly (a compromised or older controller) never reaches the driver.
        await using var host = await ApiHost.StartAsync(sqlite: false);
        using var client = host.Client(host.OperatorToken);
        var deployments = (Nines.Controller.Repositories.DeploymentRepository)host.App.Services.GetService(typeof(Nines.Controller.Repositories.DeploymentRepository))!;
        var yaml = Guest("image: /etc/shadow");

        var stored = await deployments.ApplyAsync(new DeploymentRef("acme", "web"), yaml, null, null, CancellationToken.None);

        var operation = await ApiHost.WaitForOperationAsync(client, $"/v1/operations/{stored.Spec.OperationId}");
        operation.State.ShouldBe(OperationState.FAILED);
        operation.Error.ShouldNotBeNull();
        operation.Error.ShouldContain("vm[r1].boot.diskImage");
        operation.Error.ShouldContain("inside-image-library");
    }

    private static string Guest(string line) => $"""
        nines: 1
        name: web
        vms:
          - name: r1
            {line}
        """;

    private static string Instance(string root) => $$"""
        nines: 1
        name: web
        vms:
          - name: r1
            type: os
            filesystem: {path: "{{root}}", type: hostfs}
        """;

    private static Task<HttpResponseMessage> DeployAsync(HttpClient client, string yaml, string query = "") =>
        client.PutAsJsonAsync($"/v1/deployments/web{query}", new { scenario = yaml, source = "web.yaml" });

    /// <summary>A 400 problem+json with exactly these (field, code, rule) diagnostics as errors, and nothing stored.</summary>
    private static async Task<string> ShouldBeRefusedAsync(ApiHost host, HttpResponseMessage response, params (string Field, string Code, string Rule)[] expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, text);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var body = JsonDocument.Parse(text).RootElement;
        var errors = body.GetProperty("diagnostics").EnumerateArray()
            .Where(d => d.GetProperty("severity").GetString() == "error")
            .Select(d => (Field: d.GetProperty("field").GetString()!, Code: d.GetProperty("code").GetString()!, Message: d.GetProperty("message").GetString()!))
            .ToList();
        errors.Select(e => (e.Field, e.Code)).ShouldBe(expected.Select(e => (e.Field, e.Code)), ignoreOrder: true);
        foreach (var (field, _, rule) in expected)
        {
            errors.First(e => e.Field == field).Message.ShouldContain($"rule {rule}");
        }

        body.GetProperty("errors").GetProperty("scenario").GetArrayLength().ShouldBe(expected.Length);
        (await host.Store.RangeAsync("/nines/deployments/")).Entries.ShouldBeEmpty();
        (await host.Store.RangeAsync("/nines/operations/")).Entries.ShouldBeEmpty();
        return text;
    }

    private static async Task RunAsync(string program, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardError = true })!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0, $"{program}: {error}");
    }
}
