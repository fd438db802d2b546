using System.Globalization;
using Nines.Drivers.Errors;
using Nines.Drivers.Migration;
using Xunit.Abstractions;

namespace Nines.Drivers.Qemu.Tests.Driver;

/// <summary>
/// Live migration between two QEMU drivers on their own state directories (two "hosts" on loopback), with real
/// guests: memory carried over, progress reported, cancel, failure and fail-back leave the source running.
/// </summary>
[Collection(RealGuestCollection.Name)]
public sealed class QemuDriverMigrationTests(GuestImageFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan _boot = TimeSpan.FromSeconds(60);
    private static readonly MigrationEndpoint _loopback = new("127.0.0.1", 0);

    [RealGuestFact]
    public async Task Migrate_RunningGuest_ContinuesOnTheDestinationWithItsMemory()
    {
        await using var pair = await PairAsync("mv");
        var ct = CancellationToken.None;
        await pair.BootAsync("mv1");
        await pair.Source.ExecAsync("mv1", GuestCommand.Shell("echo kept-in-ram > /run/marker"), ct);
        var before = await UptimeAsync(pair.Source, "mv1");
        var sourcePid = (await pair.Source.InspectAsync("mv1", ct)).ProcessId!.Value;

        var samples = new List<MigrationProgress>();
        var result = await LiveMigrationRunner.RunAsync(
            new DriverMigrationHost("a", pair.Source), new DriverMigrationHost("b", pair.Destination), "mv1", _loopback,
            MigrationPolicy.Default, new SynchronousProgress(samples), ct);
        output.WriteLine($"total {result.TotalTime.TotalMilliseconds:0} ms, downtime {result.DowntimeMilliseconds:0.#} ms, {result.TransferredBytes >> 20} MiB sent, {samples.Count} samples");
        foreach (var s in samples.Take(5))
        {
            output.WriteLine($"  {s}");
        }

        result.DowntimeMilliseconds.ShouldBeGreaterThan(0);
        result.TransferredBytes.ShouldBeGreaterThan(1L << 20);
        result.Final.Status.ShouldBe("completed");
        result.Final.TotalBytes.ShouldBeGreaterThanOrEqualTo(128L << 20); // RAM plus ROMs and device memory
        samples.ShouldNotBeEmpty();
        samples[^1].Status.ShouldBe("completed");

        var moved = await pair.Destination.InspectAsync("mv1", ct);
        moved.State.ShouldBe(VmState.Running);
        moved.GuestReady.ShouldBeTrue();
        (await pair.Source.InspectAsync("mv1", ct)).State.ShouldBe(VmState.Stopped);
        QemuDriverLifecycleTests.ProcessGone(sourcePid).ShouldBeTrue();
        (await pair.Destination.ExecAsync("mv1", new GuestCommand("/bin/cat", ["/run/marker"]), ct)).StandardOutput.ShouldBe("kept-in-ram\n");
        var after = await UptimeAsync(pair.Destination, "mv1");
        after.ShouldBeGreaterThanOrEqualTo(before);
        after.ShouldBeLessThan(before + 60); // the same boot continued, not a new one
        pair.DestinationEvents.All.Select(e => e.Kind).ShouldContain(VmEventKind.MigrationArrived);
        pair.SourceEvents.All.Select(e => e.Kind).ShouldContain(VmEventKind.Migrated);

        // And back: the destination is a full source in turn.
        await LiveMigrationRunner.RunAsync(
            new DriverMigrationHost("b", pair.Destination), new DriverMigrationHost("a", pair.Source), "mv1", _loopback, MigrationPolicy.Default, null, ct);
        (await pair.Source.ExecAsync("mv1", new GuestCommand("/bin/cat", ["/run/marker"]), ct)).StandardOutput.ShouldBe("kept-in-ram\n");
        (await pair.Destination.InspectAsync("mv1", ct)).State.ShouldBe(VmState.Stopped);
    }

    [RealGuestFact]
    public async Task Migrate_CancelledOrFailing_SourceKeepsRunning()
    {
        await using var pair = await PairAsync("mc");
        var ct = CancellationToken.None;
        await pair.BootAsync("mc1");

        // Slow enough (1 MiB/s) to be cancelled midway; cancelled once bytes have gone over.
        var slow = MigrationPolicy.Default with { MaxBandwidthBytesPerSecond = 1L << 20 };
        using var cancel = new CancellationTokenSource();
        var samples = new List<MigrationProgress>();
        var progress = new SynchronousProgress(samples, s =>
        {
            if (s.TransferredBytes > 256 << 10)
            {
                cancel.Cancel();
            }
        });
        await Should.ThrowAsync<OperationCanceledException>(() => LiveMigrationRunner.RunAsync(
            new DriverMigrationHost("a", pair.Source), new DriverMigrationHost("b", pair.Destination), "mc1", _loopback, slow, progress, cancel.Token));
        var eta = samples.Last(s => s.Status == "active");
        output.WriteLine($"cancelled at {eta}");
        eta.Eta.ShouldNotBeNull();
        eta.RemainingBytes.ShouldBeGreaterThan(0);
        (await pair.Source.InspectAsync("mc1", ct)).State.ShouldBe(VmState.Running);
        (await pair.Source.ExecAsync("mc1", new GuestCommand("/bin/true"), ct)).ExitCode.ShouldBe(0);
        (await pair.Destination.InspectAsync("mc1", ct)).ProcessId.ShouldBeNull();

        // Nothing listens there: a clear failure, the source runs on.
        var failure = await Should.ThrowAsync<DriverFailureException>(() =>
            pair.Source.MigrateAsync("mc1", new MigrationEndpoint("127.0.0.1", FreePort()), MigrationPolicy.Default, null, ct));
        output.WriteLine(failure.Message);
        failure.Message.ShouldContain("keeps running here");
        (await pair.Source.InspectAsync("mc1", ct)).State.ShouldBe(VmState.Running);
        (await pair.Source.ExecAsync("mc1", new GuestCommand("/bin/true"), ct)).ExitCode.ShouldBe(0);

        // Bad input names the field.
        (await Should.ThrowAsync<ArgumentException>(() => pair.Source.MigrateAsync("mc1", new MigrationEndpoint("127.0.0.1", 0), MigrationPolicy.Default, null, ct)))
            .Message.ShouldContain("destination.port");
        (await Should.ThrowAsync<ArgumentException>(() => pair.Source.MigrateAsync("mc1", new MigrationEndpoint("127.0.0.1", 1), MigrationPolicy.Default with { DowntimeSchedule = [] }, null, ct)))
            .Message.ShouldContain("downtimeSchedule");
    }

    [RealGuestFact]
    public async Task Migrate_DestinationGuestSilent_FailsBackToTheSource()
    {
        await using var pair = await PairAsync("mf");
        var ct = CancellationToken.None;
        await pair.BootAsync("mf1");
        var sourcePid = (await pair.Source.InspectAsync("mf1", ct)).ProcessId!.Value;

        // The guest's agent is frozen just before the switch: the destination cannot show the guest alive.
        await pair.Source.ExecAsync("mf1", GuestCommand.Shell("(sleep 0.5; kill -STOP $(pidof qemu-ga)) >/dev/null 2>&1 &"), ct);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var policy = MigrationPolicy.Default with { GuestCheckTimeout = TimeSpan.FromSeconds(3) };
        var failedBack = await Should.ThrowAsync<MigrationFailedBackException>(() => LiveMigrationRunner.RunAsync(
            new DriverMigrationHost("a", pair.Source), new DriverMigrationHost("b", pair.Destination), "mf1", _loopback, policy, null, ct));
        output.WriteLine(failedBack.Message);

        var source = await pair.Source.InspectAsync("mf1", ct);
        source.State.ShouldBe(VmState.Running);
        source.ProcessId.ShouldBe(sourcePid);
        (await pair.Destination.InspectAsync("mf1", ct)).ProcessId.ShouldBeNull();
        fixture.LiveQemuProcesses().Count(pid => File.ReadAllText($"/proc/{pid}/cmdline").Contains("nines-mf1", StringComparison.Ordinal)).ShouldBe(1);
    }

    [RealGuestFact]
    public async Task Migrate_MemoryDirtyingGuest_ArrivesAliveOrFailsBack()
    {
        await using var pair = await PairAsync("md");
        var ct = CancellationToken.None;
        await pair.BootAsync("md1", memoryMiB: 256);
        await pair.Source.ExecAsync("md1", GuestCommand.Shell("setsid sh -c 'renice -n 19 $$ >/dev/null; while :; do dd if=/dev/zero of=/run/dirty bs=1M count=32 2>/dev/null; done' </dev/null >/dev/null 2>&1 &"), ct);
        await Task.Delay(TimeSpan.FromSeconds(2));
        IVmDriver from = pair.Source, to = pair.Destination;
        var names = new Dictionary<IVmDriver, string> { [pair.Source] = "md-a", [pair.Destination] = "md-b" };
        for (var run = 0; run < 4; run++)
        {
            var before = await UptimeAsync(from, "md1");
            try
            {
                var result = await LiveMigrationRunner.RunAsync(
                    new DriverMigrationHost(names[from], from), new DriverMigrationHost(names[to], to), "md1", _loopback, MigrationPolicy.Default, null, ct);
                var after = await UptimeAsync(to, "md1");
                output.WriteLine($"run {run + 1}: total {result.TotalTime.TotalMilliseconds:0} ms, downtime {result.DowntimeMilliseconds:0.#} ms, uptime {before:0.0} s → {after:0.0} s");
                after.ShouldBeGreaterThanOrEqualTo(before); // the same boot, not a reboot on the destination
                (from, to) = (to, from);
            }
            catch (MigrationFailedBackException e)
            {
                // The destination guest did not survive; the driver noticed and the source runs on.
                output.WriteLine($"run {run + 1}: {e.Message}");
                var console = Path.Combine(fixture.Root, names[to], "md1", "console.log");
                output.WriteLine(File.Exists(console) ? string.Join("\n", File.ReadAllLines(console).TakeLast(30)) : "(no console log)");
                (await from.InspectAsync("md1", ct)).State.ShouldBe(VmState.Running);
                (await UptimeAsync(from, "md1")).ShouldBeGreaterThanOrEqualTo(before);
            }
        }
    }

    private async Task<double> UptimeAsync(IVmDriver driver, string vm) =>
        double.Parse((await driver.ExecAsync(vm, GuestCommand.Shell("cut -d' ' -f1 /proc/uptime", TimeSpan.FromSeconds(60)), CancellationToken.None)).StandardOutput, CultureInfo.InvariantCulture);

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task<DriverPair> PairAsync(string name)
    {
        var source = await QemuDriverFactory.CreateAsync(fixture.Options(name + "-a"), CancellationToken.None);
        var destination = await QemuDriverFactory.CreateAsync(fixture.Options(name + "-b"), CancellationToken.None);
        return new DriverPair(fixture, source, destination);
    }

    private sealed class DriverPair(GuestImageFixture fixture, IQemuDriver source, IQemuDriver destination) : IAsyncDisposable
    {
        private readonly List<string> _vms = [];

        public IQemuDriver Source { get; } = source;

        public IQemuDriver Destination { get; } = destination;

        public EventRecorder SourceEvents { get; } = new(source);

        public EventRecorder DestinationEvents { get; } = new(destination);

        public async Task BootAsync(string vm, int memoryMiB = 128)
        {
            _vms.Add(vm);
            await Source.DefineAsync(fixture.Guest(vm) with { MemoryMiB = memoryMiB }, CancellationToken.None);
            await Destination.DefineAsync(fixture.Guest(vm) with { MemoryMiB = memoryMiB }, CancellationToken.None);
            await Source.StartAsync(vm, CancellationToken.None);
            await SourceEvents.WaitForAsync(vm, VmEventKind.GuestReady, _boot);
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var driver in new[] { Source, Destination })
            {
                foreach (var vm in _vms)
                {
                    await driver.DestroyAsync(vm, CancellationToken.None);
                    await driver.RemoveAsync(vm, CancellationToken.None);
                }
            }

            await SourceEvents.DisposeAsync();
            await DestinationEvents.DisposeAsync();
            await Source.DisposeAsync();
            await Destination.DisposeAsync();
        }
    }

    /// <summary>Progress reported on the caller's thread, in order (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class SynchronousProgress(List<MigrationProgress> samples, Action<MigrationProgress>? also = null) : IProgress<MigrationProgress>
    {
        public void Report(MigrationProgress value)
        {
            lock (samples)
            {
                samples.Add(value);
            }

            also?.Invoke(value);
        }
    }
}
