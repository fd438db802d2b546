using Nines.Networking.Commands;

namespace Nines.Cli.Hosting;

/// <summary>
/// The network namespace the scenarios' host side runs in by default: created when missing with only <c>lo</c> up —
/// no link and no route out of it — so scenario routes such as 10.0.0.0/16 never reach the machine's own network.
/// </summary>
internal static class NetworkNamespaceSetup
{
    public const string DefaultName = "nines";

    /// <summary>Creates namespace <paramref name="name"/> when it does not exist, and brings its loopback up.</summary>
    /// <returns>True when it was created now.</returns>
    public static async Task<bool> EnsureAsync(string name, ICommandRunner runner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var created = false;
        if (!File.Exists(Path.Combine("/run/netns", name)))
        {
            (await runner.RunAsync("ip", ["netns", "add", name], null, cancellationToken).ConfigureAwait(false)).ThrowIfFailed();
            created = true;
        }

        (await runner.RunAsync("ip", ["-n", name, "link", "set", "lo", "up"], null, cancellationToken).ConfigureAwait(false)).ThrowIfFailed();
        return created;
    }
}
