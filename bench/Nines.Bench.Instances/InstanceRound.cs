using System.Diagnostics;
using System.Globalization;
using Nines.Drivers;

namespace Nines.Bench.Instances;

/// <summary>One round: N instances of the service started to ready, measured, then destroyed and removed.</summary>
internal static class InstanceRound
{
    public static async Task<RoundResult> RunAsync(IVmDriver driver, int count, InstanceBenchSettings settings, CancellationToken cancellationToken)
    {
        var definitions = Enumerable.Range(0, count).Select(i => Definition(count, i, settings)).ToList();
        try
        {
            return await MeasureAsync(driver, definitions, settings, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Leave nothing running after a failed round.
            foreach (var definition in definitions)
            {
                try
                {
                    await driver.DestroyAsync(definition.Id, CancellationToken.None).ConfigureAwait(false);
                    await driver.RemoveAsync(definition.Id, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Nines.Drivers.Errors.VmDriverException)
                {
                    // Never defined, or already gone.
                }
            }

            throw;
        }
    }

    private static async Task<RoundResult> MeasureAsync(IVmDriver driver, List<VmDefinition> definitions, InstanceBenchSettings settings, CancellationToken cancellationToken)
    {
        var count = definitions.Count;
        foreach (var definition in definitions)
        {
            await driver.DefineAsync(definition, cancellationToken).ConfigureAwait(false);
        }

        var managerBefore = ManagerBytes();
        var pids = new Dictionary<string, int>(StringComparer.Ordinal);
        var ready = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        using var slots = new SemaphoreSlim(settings.StartConcurrency);
        var starts = definitions.Select(async d =>
        {
            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var status = await driver.StartAsync(d.Id, cancellationToken).ConfigureAwait(false);
                lock (pids)
                {
                    pids[d.Id] = status.ProcessId ?? throw new InvalidOperationException($"{d.Id} is {status.State}: {status.ExitReason?.Message}");
                }
            }
            finally
            {
                slots.Release();
            }
        }).ToList();

        // Ready = the service listens in the instance's own network namespace (its /proc/PID/net/tcp shows it).
        var listen = $":{settings.Port.ToString("X4", CultureInfo.InvariantCulture)}";
        while (ready.Count < count)
        {
            if (clock.Elapsed > settings.ReadyTimeout)
            {
                throw new TimeoutException($"{ready.Count}/{count} instances ready after {settings.ReadyTimeout.TotalSeconds} s");
            }

            if (starts.FirstOrDefault(s => s.IsFaulted) is { } failed)
            {
                await failed.ConfigureAwait(false);
            }

            List<KeyValuePair<string, int>> pending;
            lock (pids)
            {
                pending = [.. pids.Where(p => !ready.ContainsKey(p.Key))];
            }

            foreach (var (id, pid) in pending)
            {
                if (Listens(pid, listen))
                {
                    ready[id] = clock.Elapsed;
                }
            }

            await Task.Delay(5, cancellationToken).ConfigureAwait(false);
        }

        var allReady = clock.Elapsed;
        await Task.WhenAll(starts).ConfigureAwait(false);
        var samples = new List<VmKpis>();
        foreach (var definition in definitions)
        {
            samples.Add(await driver.SampleAsync(definition.Id, cancellationToken).ConfigureAwait(false));
        }

        var managerAfter = ManagerBytes();
        var rss = pids.Values.Select(ProcessTreeRss).ToList();
        clock.Restart();
        foreach (var definition in definitions)
        {
            await driver.DestroyAsync(definition.Id, cancellationToken).ConfigureAwait(false);
            await driver.RemoveAsync(definition.Id, cancellationToken).ConfigureAwait(false);
        }

        return new RoundResult(
            count,
            allReady,
            ready.Values.Order().ElementAt(count / 2),
            samples.Average(s => (double)(s.Cgroup?.MemoryUsageBytes ?? 0)),
            rss.Average(),
            (managerAfter - managerBefore) / (double)count,
            clock.Elapsed);
    }

    private static VmDefinition Definition(int count, int index, InstanceBenchSettings settings) => new(
        $"bench-{count}-{index}",
        $"svc{index}",
        settings.MemoryMiB,
        1,
        new BootSource(),
        Container: new ContainerDefinition(["/usr/sbin/httpd", "-f", "-p", settings.Port.ToString(CultureInfo.InvariantCulture), "-h", "/var/www"]));

    /// <summary>True when a socket of the process's network namespace is in LISTEN (0A) on the port (<c>:XXXX</c>).</summary>
    private static bool Listens(int pid, string port)
    {
        foreach (var table in new[] { "tcp", "tcp6" })
        {
            try
            {
                foreach (var line in File.ReadLines($"/proc/{pid}/net/{table}").Skip(1))
                {
                    var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (fields.Length > 3 && fields[1].EndsWith(port, StringComparison.Ordinal) && fields[3] == "0A")
                    {
                        return true;
                    }
                }
            }
            catch (IOException)
            {
                // No such table (IPv6 off) or the process is gone.
            }
        }

        return false;
    }

    /// <summary>The manager's own memory: its working set after a full collection.</summary>
    private static long ManagerBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var self = Process.GetCurrentProcess();
        return self.WorkingSet64;
    }

    /// <summary>Resident memory of the instance's init plus its supervisor shell (its parent), as the host sees them.</summary>
    private static double ProcessTreeRss(int pid)
    {
        var parent = File.ReadAllText($"/proc/{pid}/stat").Split(") ")[1].Split(' ')[1];
        return Rss(pid.ToString(CultureInfo.InvariantCulture)) + Rss(parent);
    }

    private static long Rss(string pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }
}

/// <summary>The figures of one round.</summary>
internal sealed record RoundResult(
    int Count,
    TimeSpan AllReady,
    TimeSpan MedianReady,
    double CgroupBytesPerInstance,
    double RssBytesPerInstance,
    double ManagerBytesPerInstance,
    TimeSpan Teardown);
