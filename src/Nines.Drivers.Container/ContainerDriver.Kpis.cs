using System.Globalization;
using Nines.Domain;
using Nines.Drivers.Errors;

namespace Nines.Drivers.Container;

internal sealed partial class ContainerDriver
{
    /// <summary>
    /// KPIs from the instance's cgroup (CPU time → CPU % since the previous sample, memory usage as RSS, limits, pids,
    /// OOM kills) and its interfaces' counters as the instance sees them (<c>/proc/INIT/net/dev</c>).
    /// </summary>
    public Task<VmKpis> SampleAsync(string vmId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var vm = _core.Get(vmId);
        var now = Time.GetUtcNow();
        lock (_gate)
        {
            var running = vm.State is VmState.Running or VmState.Paused;
            var snapshot = running ? vm.Cgroup.Read() : null;
            if (snapshot is null)
            {
                return Task.FromResult(new VmKpis(vmId, vm.State, now, TimeSpan.Zero, vm.Definition.Vcpus));
            }

            var uptime = vm.StartedAt is { } started ? now - started : TimeSpan.Zero;
            var (previousUsage, previousAt) = vm.LastCpuSample ?? (TimeSpan.Zero, vm.StartedAt ?? now);
            var wall = now - previousAt;
            double? cpu = wall > TimeSpan.Zero ? (snapshot.CpuUsage - previousUsage) / wall * 100 : null;
            vm.LastCpuSample = (snapshot.CpuUsage, now);
            var cgroup = new CgroupKpis(
                snapshot.CpuQuotaPercent, snapshot.CpuShares, snapshot.CpuPinning, snapshot.MemoryLimitBytes, snapshot.MemoryUsageBytes,
                snapshot.MemoryMaxUsageBytes, snapshot.Pids, snapshot.PidsLimit, snapshot.OomKills, snapshot.CpuUsage);
            return Task.FromResult(new VmKpis(
                vmId, vm.State, now, uptime, vm.Definition.Vcpus, cpu, snapshot.MemoryUsageBytes,
                new GuestMemoryKpis(snapshot.MemoryLimitBytes ?? snapshot.MemoryUsageBytes, snapshot.MemoryLimitBytes is { } l ? l - snapshot.MemoryUsageBytes : null, snapshot.MemoryLimitBytes),
                Nics: NicCounters(vm),
                Cgroup: cgroup));
        }
    }

    /// <summary>Changes the instance's limits; applied to its cgroup at once when it runs, and at every later start.</summary>
    public async Task<VmStatus> ResizeAsync(string vmId, QosChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        using var lease = await _core.BeginOperationAsync(vmId, cancellationToken).ConfigureAwait(false);
        var vm = lease.Vm;
        Limits limits;
        bool running;
        lock (_gate)
        {
            limits = vm.Limits.With(change);
            running = vm.State is VmState.Running or VmState.Paused;
        }

        if (running)
        {
            try
            {
                limits.ApplyTo(vm.Cgroup, _options.DefaultPidsLimit);
            }
            catch (IOException e)
            {
                throw new DriverFailureException(vmId, $"cannot resize instance \"{vmId}\": {e.Message}", e);
            }
        }

        lock (_gate)
        {
            vm.Limits = limits;
            Persist_NeedsLock(vm);
            return vm.ToStatus();
        }
    }

    private static ValueList<NicKpis> NicCounters(ContainerInstance vm)
    {
        if (vm.InitPid is not { } pid || vm.Definition.Nics.IsEmpty)
        {
            return default;
        }

        string[] lines;
        try
        {
            lines = File.ReadAllLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/net/dev");
        }
        catch (IOException)
        {
            return default;
        }

        var counters = new List<NicKpis>();
        foreach (var nic in vm.Definition.Nics)
        {
            var name = $"eth{nic.Id.ToString(CultureInfo.InvariantCulture)}:";
            var line = lines.Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal));
            if (line is null)
            {
                continue;
            }

            // Receive: bytes packets errs drop fifo frame compressed multicast; transmit: bytes packets ….
            var f = line[name.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            counters.Add(new NicKpis(nic.Id, f[0], f[8], f[1], f[9]));
        }

        return [.. counters];
    }
}
