using System.Security.Cryptography;
using Nines.Networking.Commands;

namespace Nines.Bench.Deploy;

/// <summary>
/// The network namespace both halves run in, <c>nines-bench-RANDOM</c>, with only <c>lo</c>: the scenario's addresses
/// never reach the machine's network. Deleted on dispose.
/// </summary>
internal sealed class BenchNamespace : IAsyncDisposable
{
    private static readonly ProcessCommandRunner _machine = new();

    private BenchNamespace(string name) => Name = name;

    public string Name { get; }

    public static async Task<BenchNamespace> CreateAsync(CancellationToken cancellationToken)
    {
        var ns = new BenchNamespace($"nines-bench-{RandomNumberGenerator.GetHexString(8, lowercase: true)}");
        (await _machine.RunAsync("ip", ["netns", "add", ns.Name], null, cancellationToken)).ThrowIfFailed();
        (await _machine.RunAsync("ip", ["netns", "exec", ns.Name, "ip", "link", "set", "lo", "up"], null, cancellationToken)).ThrowIfFailed();
        return ns;
    }

    public async ValueTask DisposeAsync() =>
        await _machine.RunAsync("ip", ["netns", "del", Name], null, CancellationToken.None);
}
