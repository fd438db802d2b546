using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nines.Drivers.Qemu.Processes;
using Nines.Drivers.Qemu.Qmp;

namespace Nines.Drivers.Qemu;

/// <summary>
/// KPIs: host figures from <c>/proc</c> (uptime from the process start time, CPU % as the delta of user+system ticks
/// of all threads between two samples, RSS), guest figures over QMP (balloon size and guest statistics, vCPUs,
/// block counters) and tap counters from <c>/sys/class/net</c>.
/// </summary>
internal sealed partial class QemuDriver
{
    public async Task<VmKpis> SampleAsync(string vmId, CancellationToken cancellationToken)
    {
        QemuVm vm;
        int? pid;
        QmpClient? qmp;
        lock (_gate)
        {
            vm = _core.Find_NeedsLock(vmId);
            pid = vm.Pid;
            qmp = vm.Qmp;
        }

        var now = Time.GetUtcNow();
        if (pid is not { } processId || qmp is null || ProcFs.ReadStat(processId) is not { IsZombie: false } stat)
        {
            lock (_gate)
            {
                return new VmKpis(vmId, vm.State, now, TimeSpan.Zero, vm.Definition.Vcpus);
            }
        }

        var uptime = TimeSpan.FromSeconds(Math.Max(0, ProcFs.HostUptimeSeconds() - (stat.StartTicks / ProcFs.ClockTicksPerSecond)));
        var cpu = CpuPercent(vm, stat, uptime);
        var memory = await GuestMemoryAsync(qmp, cancellationToken).ConfigureAwait(false);
        var vcpus = await TryAsync(async () => (int?)(await qmp.QueryCpusFastAsync(cancellationToken).ConfigureAwait(false)).Count).ConfigureAwait(false);
        var disks = vm.Definition.Boot.DiskImagePath is null
            ? null
            : await TryAsync(async () => (await qmp.QueryBlockStatsAsync(cancellationToken).ConfigureAwait(false))
                .Select(b => new DiskKpis(b.QdevPath ?? b.Device, b.ReadBytes, b.WrittenBytes, b.ReadOperations, b.WriteOperations)).ToList()).ConfigureAwait(false);
        lock (_gate)
        {
            return new VmKpis(
                vmId,
                vm.State,
                now,
                uptime,
                vcpus ?? vm.Definition.Vcpus,
                cpu,
                ProcFs.ReadRssBytes(processId),
                memory,
                [.. disks ?? []],
                [.. vm.Definition.Nics.Select(TapCounters).OfType<NicKpis>()],
                vm.LastHeartbeat is { } beat ? now - beat : null);
        }
    }

    /// <summary>CPU since the previous sample; the first sample averages over the process's life.</summary>
    private double CpuPercent(QemuVm vm, ProcStat stat, TimeSpan uptime)
    {
        var timestamp = Time.GetTimestamp();
        double percent;
        lock (_gate)
        {
            if (vm.LastCpuSample is { } previous && Time.GetElapsedTime(previous.Timestamp, timestamp) is { TotalSeconds: > 0.01 } elapsed)
            {
                percent = (stat.CpuTicks - previous.Ticks) / ProcFs.ClockTicksPerSecond / elapsed.TotalSeconds * 100;
            }
            else
            {
                percent = uptime.TotalSeconds > 0.01 ? stat.CpuTicks / ProcFs.ClockTicksPerSecond / uptime.TotalSeconds * 100 : 0;
            }

            vm.LastCpuSample = (stat.CpuTicks, timestamp);
        }

        return Math.Max(0, percent);
    }

    private static async Task<GuestMemoryKpis?> GuestMemoryAsync(QmpClient qmp, CancellationToken cancellationToken)
    {
        var balloon = await TryAsync(() => qmp.QueryBalloonAsync(cancellationToken)).ConfigureAwait(false);
        if (balloon is null)
        {
            return null;
        }

        long? free = null;
        long? total = null;
        var stats = await TryAsync(() => qmp.ExecuteAsync("qom-get", new JsonObject
        {
            ["path"] = $"/machine/peripheral/{QemuCommandLine.BalloonId}",
            ["property"] = "guest-stats",
        }, null, cancellationToken)).ConfigureAwait(false);
        if (stats is { ValueKind: JsonValueKind.Object } s && s.TryGetProperty("stats", out var values))
        {
            // The guest reports -1 for figures it has not sent yet.
            free = Positive(values, "stat-free-memory");
            total = Positive(values, "stat-total-memory");
        }

        return new GuestMemoryKpis(balloon.ActualBytes, free, total);
    }

    private static long? Positive(JsonElement values, string name) =>
        values.TryGetProperty(name, out var value) && value.TryGetInt64(out var number) && number >= 0 ? number : null;

    /// <summary>Host-side tap counters; the host transmits what the guest receives.</summary>
    private static NicKpis? TapCounters(NicDefinition nic)
    {
        if (QemuCommandLine.TapName(nic) is not { } tap)
        {
            return null;
        }

        long? Read(string counter)
        {
            var path = $"/sys/class/net/{tap}/statistics/{counter}";
            return File.Exists(path) && long.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
        }

        return Read("tx_bytes") is { } rxBytes
            ? new NicKpis(nic.Id, rxBytes, Read("rx_bytes") ?? 0, Read("tx_packets") ?? 0, Read("rx_packets") ?? 0)
            : null;
    }

    private static async Task<T?> TryAsync<T>(Func<Task<T>> query)
    {
        try
        {
            return await query().ConfigureAwait(false);
        }
        catch (Exception e) when (e is QmpCommandException or QmpConnectionBrokenException or QmpTimeoutException)
        {
            return default;
        }
    }
}
