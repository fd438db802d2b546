using System.Globalization;
using Nines.Contracts.Model;

namespace Nines.Embedded.Tests.EndToEnd;

/// <summary>
/// The child process of the kill test: an embedded host (QEMU, OVS in the namespace) deploying a scenario, printing
/// every progress report as <c>PROGRESS vm=percent …</c> and <c>DONE state</c> at the end, then waiting to be killed.
/// </summary>
internal static class EmbeddedDeployChild
{
    public const string Command = "embedded-deploy";

    public static async Task<int> RunAsync(string data, string ns, string scenario)
    {
        var host = await EmbeddedHost.StartAsync(new EmbeddedHostOptions { DataDirectory = data, NetworkNamespace = ns }, CancellationToken.None);
        Console.Out.WriteLine("STARTED");
        var outcome = await host.DeployFileAsync(scenario, null, new SynchronousProgress<Operation>(Print), CancellationToken.None);
        Console.Out.WriteLine($"DONE {outcome.Operation.State}");
        await Task.Delay(Timeout.Infinite);
        return 0;
    }

    /// <summary>Parses a <c>PROGRESS</c> line back into VM → percent.</summary>
    public static Dictionary<string, int>? ParseProgress(string line) =>
        line.StartsWith("PROGRESS ", StringComparison.Ordinal)
            ? line["PROGRESS ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(p => p.Split('='))
                .ToDictionary(p => p[0], p => int.Parse(p[1], CultureInfo.InvariantCulture), StringComparer.Ordinal)
            : null;

    private static void Print(Operation operation) =>
        Console.Out.WriteLine("PROGRESS " + string.Join(' ', operation.Vms.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => string.Create(CultureInfo.InvariantCulture, $"{v.Key}={v.Value.Percent}"))));
}
