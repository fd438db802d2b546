namespace Nines.Architecture.Tests;

/// <summary>
/// One process layer (issue 19): product code starts programs only through <c>Nines.Processes</c>, so every spawn
/// has its one timeout behaviour and can be replaced by a scripted runner in tests.
/// </summary>
public sealed class ProcessLayerTests
{
    // Members whose use means starting a process by hand.
    private static readonly string[] _spawning =
    [
        "System.Diagnostics.Process.Start", "System.Diagnostics.Process..ctor", "System.Diagnostics.ProcessStartInfo..ctor",
    ];

    // Left for their own changes, by decision of issue 19's split: the store's etcd launcher (the store is not this
    // change's) and the CLI's commands (hostside's interactive shell and down's kill live in Cli/Commands).
    private static readonly HashSet<string> _notYetMoved = ["Nines.Store", "nines"];

    public static TheoryData<string> SpawningAssemblies =>
        [.. LayoutTests.ProductAssemblies.Cast<object[]>().Select(row => (string)row[0]).Where(n => n != "Nines.Processes" && !_notYetMoved.Contains(n))];

    [Theory]
    [MemberData(nameof(SpawningAssemblies))]
    public void ProductAssembly_StartsProcesses_OnlyThroughTheProcessLayer(string name)
    {
        var spawns = PureProjectTests.ReferencedMembers(name)
            .Where(m => _spawning.Any(s => m.StartsWith(s, StringComparison.Ordinal)))
            .Distinct()
            .Order()
            .ToList();

        spawns.ShouldBeEmpty($"{name} starts processes by hand; use Nines.Processes.IProcessRunner");
    }

    [Fact]
    public void ReferencedMembers_OfProcessLayer_FindsProcessStart()
    {
        // Guards the scan itself: the layer does start processes, so the scan must see it there.
        PureProjectTests.ReferencedMembers("Nines.Processes").ShouldContain(m => m.StartsWith("System.Diagnostics.Process.Start", StringComparison.Ordinal));
    }
}
