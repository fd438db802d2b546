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

    // The CLI's `nines hostside NAME -- CMD` runs an interactive command on the caller's terminal (inherited stdin,
    // stdout and stderr), which the process layer does not offer. (The etcd launcher moved to tests/Nines.Testing.)
    private static readonly HashSet<string> _notYetMoved = ["nines"];

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
