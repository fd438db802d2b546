using Nines.StateTransfer.Format;
using Nines.StateTransfer.Protocol;

namespace Nines.VnfStateMigration.Tests;

/// <summary>
/// The sample bearer gateway moves between two namespace hosts under traffic (issue 8, "Done when"): the real gateway
/// processes, the real steering point and generator, traffic only inside the namespaces the test creates.
/// </summary>
public sealed class StateMigrationEndToEndTests
{
    [RequiresNetworkNamespacesFact]
    public async Task Migrate_GatewayUnderTraffic_EveryBearerIntactAndNoPacketLost()
    {
        const int bearers = 300;
        await using var testbed = await GatewayTestbed.StartAsync(bearers, packetsPerSecond: 2_000, duration: TimeSpan.FromSeconds(3));
        var events = new List<StateMigrationEvent>();
        var orchestrator = new StateMigrationOrchestrator(TimeProvider.System) { Observer = events.Add };

        var traffic = testbed.Traffic.RunAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(1));
        var report = await orchestrator.MigrateAsync(testbed.Source, testbed.Hosts.Hosts[1], testbed.Launcher(), testbed.Steering, CancellationToken.None);
        testbed.Track(report.Serving);
        var seen = await traffic;

        report.Failure.ShouldBeNull();
        report.Succeeded.ShouldBeTrue();
        report.Serving.Host.Name.ShouldBe("h2");
        testbed.Source.Running.ShouldBeFalse("the source is retired");
        testbed.Steering.Target.ShouldBe(testbed.Hosts.Hosts[1].DataAddress);
        events.Select(e => e.Step).ShouldBe(Enum.GetValues<StateMigrationStep>().Where(s => s != StateMigrationStep.RolledBack));
        report.Records.ShouldBe((ulong)bearers);
        report.ImportedRecords.ShouldBe((ulong)bearers);
        report.PacketsDropped.ShouldBe(0);
        report.PacketsHeld.ShouldBeGreaterThan(0, "traffic was running during the switch, so some was held");

        seen.Sent.ShouldBeGreaterThan(5_000);
        seen.Lost.ShouldBe(0);
        seen.BearersMissingTraffic.ShouldBe(0);
        seen.Duplicates.ShouldBe(0);

        // The target's counters carry the source's: every packet of every bearer, before and after the move.
        await using var control = await FunctionControl.ConnectAsync(report.Serving, CancellationToken.None);
        await control.FreezeAsync(new FreezeRequest(0), CancellationToken.None);
        var state = StateCodec.Decode(await control.ExportAsync(CancellationToken.None));
        var records = state.Section("bearers").Records;
        records.Count.ShouldBe(bearers);
        for (var i = 0; i < bearers; i++)
        {
            records[i].UInt32(1, "TEID").ShouldBe((uint)i + 1);
            records[i].UInt64(6, "uplink packets").ShouldBe((ulong)seen.SentPerBearer[i][0], $"bearer {i + 1} uplink");
            records[i].UInt64(8, "downlink packets").ShouldBe((ulong)seen.SentPerBearer[i][1], $"bearer {i + 1} downlink");
        }

        state.Section("gateway").Records[0].UInt64(1, "unknown-TEID drops").ShouldBe(0UL);
    }

    [RequiresNetworkNamespacesFact]
    public async Task Migrate_TargetDiesDuringTheHold_RollsBackAndSourceKeepsServingWithoutLoss()
    {
        await using var testbed = await GatewayTestbed.StartAsync(bearers: 50, packetsPerSecond: 1_000, duration: TimeSpan.FromSeconds(2));
        var target = testbed.Hosts.Hosts[1];

        // Once the pre-copy is in, the target's process is killed: the hold has not begun, the delta import will fail.
        var orchestrator = new StateMigrationOrchestrator(TimeProvider.System)
        {
            Observer = e =>
            {
                if (e.Step == StateMigrationStep.StatePreCopied)
                {
                    KillEverythingIn(target.NetworkNamespace);
                }
            },
        };

        var traffic = testbed.Traffic.RunAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        var report = await orchestrator.MigrateAsync(testbed.Source, target, testbed.Launcher(), testbed.Steering, CancellationToken.None);
        var seen = await traffic;

        report.Succeeded.ShouldBeFalse();
        report.Failure.ShouldNotBeNull().ShouldStartWith("StateImported: ");
        report.Events.Select(e => e.Step).ShouldContain(StateMigrationStep.SourceFrozen);
        report.Events[^1].Step.ShouldBe(StateMigrationStep.RolledBack);
        report.Events[^1].Detail.ShouldContain("traffic released to 10.201.1.2");
        report.Events[^1].Detail.ShouldContain("source resumed");
        report.Serving.ShouldBeSameAs(testbed.Source);
        testbed.Source.Running.ShouldBeTrue();
        testbed.Steering.Target.ShouldBe(testbed.Hosts.Hosts[0].DataAddress);
        seen.Lost.ShouldBe(0);
        seen.BearersMissingTraffic.ShouldBe(0);
    }

    [RequiresNetworkNamespacesFact]
    public async Task Migrate_TargetRefusesTheState_RollsBackBeforeHoldingTraffic()
    {
        await using var testbed = await GatewayTestbed.StartAsync(bearers: 50, packetsPerSecond: 1_000, duration: TimeSpan.FromSeconds(2));
        var orchestrator = new StateMigrationOrchestrator(TimeProvider.System);

        var traffic = testbed.Traffic.RunAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        await Task.Delay(TimeSpan.FromMilliseconds(500));

        // A target started serving (not frozen) refuses an import: the migration must undo itself.
        var report = await orchestrator.MigrateAsync(testbed.Source, testbed.Hosts.Hosts[1], testbed.Launcher(ignoreFrozen: true), testbed.Steering, CancellationToken.None);
        var seen = await traffic;

        report.Succeeded.ShouldBeFalse();
        report.Failure.ShouldNotBeNull().ShouldContain("StatePreCopied: import refused by the function");
        report.Events[^1].Step.ShouldBe(StateMigrationStep.RolledBack);
        report.Events[^1].Detail.ShouldContain("target stopped");
        report.Serving.ShouldBeSameAs(testbed.Source);
        testbed.Source.Running.ShouldBeTrue();
        testbed.Steering.Target.ShouldBe(testbed.Hosts.Hosts[0].DataAddress);
        seen.Lost.ShouldBe(0);
        seen.BearersMissingTraffic.ShouldBe(0);
    }

    // Only processes of the test's own namespace host: the target gateway it started there.
    private static void KillEverythingIn(string networkNamespace)
    {
        using var pids = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("ip", ["netns", "pids", networkNamespace]) { RedirectStandardOutput = true })!;
        var list = pids.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        pids.WaitForExit();
        foreach (var pid in list)
        {
            using var kill = System.Diagnostics.Process.Start("kill", ["-KILL", pid.Trim()]);
            kill.WaitForExit();
        }
    }
}
