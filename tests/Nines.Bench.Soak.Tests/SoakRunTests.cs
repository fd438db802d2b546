using Xunit.Abstractions;

namespace Nines.Bench.Soak.Tests;

/// <summary>
/// The 60-second soak CI runs: the embedded system with the fake driver (and, in its own class so the two run side
/// by side, the 3-host testbed on etcd), every invariant asserted. No figure depends on the machine's speed: the
/// assertions are the invariants and that faults of every available kind were injected at all.
/// </summary>
public sealed class SoakRunTests(ITestOutputHelper output)
{
    [Fact]
    public async Task RunAsync_EmbeddedFakeForSixtySeconds_EveryInvariantHolds()
    {
        var report = await SoakRunFixture.RunAsync(SoakSystemKind.Embedded, output);

        SoakRunFixture.AssertEveryInvariant(report);
    }
}

/// <summary>The cluster half of the CI soak (etcd, root for the testbed's namespaces).</summary>
public sealed class ClusterSoakRunTests(ITestOutputHelper output)
{
    [RequiresClusterFact]
    public async Task RunAsync_ClusterFakeForSixtySeconds_EveryInvariantHolds()
    {
        var report = await SoakRunFixture.RunAsync(SoakSystemKind.Cluster, output);

        SoakRunFixture.AssertEveryInvariant(report);
        report.Faults.ByKind.Keys.ShouldContain(FaultKind.KillAgent);
        report.Faults.ByKind.Keys.ShouldContain(FaultKind.EtcdMemberRestart);
    }
}

internal static class SoakRunFixture
{
    public static async Task<SoakReport> RunAsync(SoakSystemKind system, ITestOutputHelper output)
    {
        var options = new SoakOptions(TimeSpan.FromSeconds(60), 17, [system], "fake", Directory.CreateTempSubdirectory("nines-soak-test-").FullName, Keep: false);
        var progress = new StringWriter();
        var report = (await SoakRun.RunAsync(options, TextWriter.Synchronized(progress), CancellationToken.None)).Single();
        output.WriteLine(progress.ToString());
        output.WriteLine(report.Print());
        return report;
    }

    public static void AssertEveryInvariant(SoakReport report)
    {
        var printed = report.Print();
        report.Completed.ShouldBeTrue(printed);
        report.Faults.ByKind.Keys.ShouldContain(FaultKind.KillController, printed);
        report.Faults.ByKind.Keys.ShouldContain(FaultKind.FuzzScenario, printed);
        report.Faults.ByKind.Keys.ShouldContain(FaultKind.FuzzApiCall, printed);
        report.Operations.ShouldContain(o => o.Completed, printed);
        report.Failures.ShouldBeEmpty(printed);
    }
}
