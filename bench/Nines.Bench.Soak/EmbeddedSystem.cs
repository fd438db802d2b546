using System.Globalization;

namespace Nines.Bench.Soak;

/// <summary>
/// The embedded system: <c>nines up --data DATA</c> as a child process (SQLite store, driver, local agent, reconciler,
/// API), its data directory on a small tmpfs for the disk-full windows.
/// </summary>
internal sealed class EmbeddedSystem(string workDirectory, string driver, IReadOnlyCollection<string> tenants) : SerializedFaults, ISoakSystem
{
    private readonly string _netns = driver == "qemu" ? $"nines-soak-{Guid.NewGuid().ToString("N")[..6]}" : "none";

    public string Name => "embedded";

    public Uri Url => Controller?.Url ?? throw new InvalidOperationException("not started");

    public string AdminToken { get; private set; } = string.Empty;

    /// <summary>The embedded controller serves plain HTTP on loopback.</summary>
    public string? CaCertificate => null;

    public string WorkDirectory { get; } = workDirectory;

    public IReadOnlyList<string> Crashes => Controller?.Crashes ?? [];

    public IReadOnlyList<string> LogFiles => [Path.Combine(WorkDirectory, "controller.log")];

    public IReadOnlyList<string> Namespaces => _netns == "none" ? [] : [_netns];

    private string Data => Path.Combine(WorkDirectory, "data");

    public async Task StartAsync(SoakCleanup teardown, SoakCleanup sweep, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(WorkDirectory);
        await AddFaultsAsync([], Data, 256, driver, sweep, cancellationToken).ConfigureAwait(false);
        var port = ControllerProcess.FreePort();
        Controller = new ControllerProcess(
            ["--data", Data, "--listen", $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", "--driver", driver, "--netns", _netns],
            LogFiles[0],
            new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"));

        teardown.Add("nines down (embedded)", async () =>
        {
            await Controller.StopAsync(TimeSpan.FromSeconds(20), CancellationToken.None).ConfigureAwait(false);
            await NinesCli.RunAsync(["down", "--data", Data], TimeSpan.FromMinutes(2), CancellationToken.None).ConfigureAwait(false);
        });
        sweep.Add("leftover processes (embedded)", KillLeftoversAsync);
        await Controller.StartAsync(TimeSpan.FromMinutes(3), cancellationToken).ConfigureAwait(false);
        AdminToken = (await File.ReadAllTextAsync(Path.Combine(Data, "admin.token"), cancellationToken).ConfigureAwait(false)).Trim();
    }

    protected override async Task<string?> InjectNowAsync(FaultKind kind, Random random, CancellationToken cancellationToken)
    {
        switch (kind)
        {
            case FaultKind.KillController:
                return await KillControllerAsync(cancellationToken).ConfigureAwait(false);
            case FaultKind.KillVmProcess:
                var guests = VmProcesses.Of(tenants);
                if (guests.Count == 0)
                {
                    return null;
                }

                var victim = guests[random.Next(guests.Count)];
                Shell.Kill(victim.Pid);
                return $"kill -9 {victim.VmId} (pid {victim.Pid})";
            case FaultKind.DiskFull:
                var hold = TimeSpan.FromMilliseconds(random.Next(1_000, 4_000));
                var bytes = await Disk!.FillAndFreeAsync(hold, cancellationToken).ConfigureAwait(false);
                return $"disk full for {hold.TotalSeconds:0.0} s ({bytes / (1 << 20)} MiB ballast)";
            default:
                return null;
        }
    }

    protected override async Task HealNowAsync(CancellationToken cancellationToken)
    {
        await Controller!.EnsureRunningAsync(TimeSpan.FromMinutes(3), cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyDictionary<string, int>> SampleVmCopiesAsync(IReadOnlyCollection<string> vmIds, CancellationToken cancellationToken) =>
        Task.FromResult(VmProcesses.Copies(tenants));

    public Task StopGracefullyAsync(CancellationToken cancellationToken) =>
        Controller!.StopAsync(TimeSpan.FromSeconds(30), cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>After <c>nines down</c>: any process still naming the work directory or a soak tenant's VM, and the namespace.</summary>
    private async Task KillLeftoversAsync()
    {
        foreach (var (pid, _) in Shell.ProcessesMentioning(WorkDirectory).Concat(VmProcesses.Of(tenants).Select(v => (v.Pid, (IReadOnlyList<string>)[]))))
        {
            Shell.Kill(pid);
        }

        if (_netns != "none")
        {
            await Shell.RunAsync("ip", ["netns", "del", _netns], TimeSpan.FromSeconds(20), CancellationToken.None).ConfigureAwait(false);
        }
    }
}
