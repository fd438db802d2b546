using System.Security.Cryptography;
using Nines.Networking.Commands;

namespace Nines.Embedded.Tests.EndToEnd;

/// <summary>
/// A network namespace for one test, <c>nines-e2e-RANDOM</c>, holding only <c>lo</c>: no interface leads off the
/// machine, so scenario addresses (10.0.0.0/16…) can never reach the real network, even when a deploy goes wrong.
/// Deleted on dispose, also when the test failed.
/// </summary>
internal sealed class TestNetworkNamespace : IAsyncDisposable
{
    private static readonly ProcessCommandRunner _machine = new();

    private TestNetworkNamespace(string name) => Name = name;

    public string Name { get; }

    public static async Task<TestNetworkNamespace> CreateAsync()
    {
        var ns = new TestNetworkNamespace($"nines-e2e-{RandomNumberGenerator.GetHexString(8, lowercase: true)}");
        (await _machine.RunAsync("ip", ["netns", "add", ns.Name], null, CancellationToken.None)).ThrowIfFailed();
        await ns.RunAsync("ip", "link", "set", "lo", "up");
        return ns;
    }

    /// <summary>A namespace someone else made (a deployment's host side), to run commands in and delete if left over.</summary>
    public static TestNetworkNamespace Of(string name) => new(name);

    /// <summary>Runs a command inside the namespace; a non-zero exit is returned.</summary>
    public Task<CommandResult> TryRunAsync(params string[] command) =>
        _machine.RunAsync("ip", ["netns", "exec", Name, .. command], null, CancellationToken.None);

    /// <summary>Runs a command inside the namespace; fails the test when it fails.</summary>
    public async Task<string> RunAsync(params string[] command) =>
        (await TryRunAsync(command)).ThrowIfFailed().StandardOutput;

    /// <summary>The namespace's links (names only).</summary>
    public async Task<IReadOnlyList<string>> LinksAsync() =>
        [.. (await RunAsync("ip", "-o", "link", "show"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(':')[1].Trim().Split('@')[0])];

    public async ValueTask DisposeAsync() =>
        await _machine.RunAsync("ip", ["netns", "del", Name], null, CancellationToken.None);
}
