using Nines.Agent.Hosting;
using Nines.Cli.Hosting;

namespace Nines.Cli.Tests.Support;

/// <summary>
/// A controller composed exactly as <c>nines up --driver fake --listen 127.0.0.1:0</c> composes it (the same
/// <see cref="ControlPlaneServer"/>: embedded control plane + Kestrel on a real loopback port) over a temporary data
/// directory, and a way to run CLI commands against it as a user would.
/// </summary>
internal sealed class TestController : IAsyncDisposable
{
    private readonly string _root;

    private TestController(string root, ControlPlaneServer host)
    {
        _root = root;
        Host = host;
    }

    public ControlPlaneServer Host { get; }

    public string Url => Host.Url.ToString();

    /// <summary>The controller's data directory (<c>--data</c>).</summary>
    public string Data => Path.Combine(_root, "data");

    /// <summary>Starts a controller on the data directory <paramref name="data"/> of an earlier one (its root stays the caller's).</summary>
    public static Task<ControlPlaneServer> StartOnAsync(string data) =>
        ControlPlaneServer.StartAsync(
            new ControlPlaneServerOptions { DataDirectory = data, Listen = "127.0.0.1:0", Driver = EmbeddedDriverKind.Fake },
            CancellationToken.None);

    public static async Task<TestController> StartAsync()
    {
        var root = Directory.CreateTempSubdirectory("nines-cli-").FullName;
        var host = await ControlPlaneServer.StartAsync(
            new ControlPlaneServerOptions { DataDirectory = Path.Combine(root, "data"), Listen = "127.0.0.1:0", Driver = EmbeddedDriverKind.Fake },
            CancellationToken.None);
        return new TestController(root, host);
    }

    /// <summary>Runs a command against this controller with the admin token (or <paramref name="token"/>).</summary>
    public Task<CliResult> RunAsync(string[] args, string? token = null)
    {
        var options = new[] { "--controller", Url, "--token", token ?? Host.AdminToken };
        var dash = Array.IndexOf(args, "--");
        string[] full = dash < 0 ? [.. args, .. options] : [.. args[..dash], .. options, .. args[dash..]];
        return CliRunner.RunWithEnvironmentAsync(new Dictionary<string, string>(), full);
    }

    public Task<CliResult> RunAsync(params string[] args) => RunAsync(args, null);

    /// <summary>Deploys the VNUML tutorial fixture as "tutorial" and checks it completed.</summary>
    public async Task<CliResult> DeployTutorialAsync()
    {
        var result = await RunAsync("deploy", CliRunner.Data("vnuml", "tutorial_root1_xp_sysprep.xml"), "--name", "tutorial");
        result.ExitCode.ShouldBe(0, result.Out + result.Error);
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }
}
