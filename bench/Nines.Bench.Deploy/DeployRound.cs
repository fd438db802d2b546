using Nines.Bench.Raw;
using Nines.Contracts.Model;
using Nines.Drivers.Qemu;
using Nines.Embedded;

namespace Nines.Bench.Deploy;

/// <summary>What the deploy half measured, and the QEMU command lines it ran (for the raw half).</summary>
/// <param name="AllReady">From submitting the scenario to the deploy operation COMPLETED (every guest ready and configured).</param>
/// <param name="PeakRssMiB">This process's peak resident memory (VmHWM) at that moment: the controller, without the QEMU processes.</param>
/// <param name="RssMiB">Its resident memory then.</param>
/// <param name="ManagedMiB">Its managed heap after a full collection then.</param>
internal sealed record DeployResult(
    TimeSpan AllReady,
    TimeSpan Undeploy,
    double PeakRssMiB,
    double RssMiB,
    double ManagedMiB,
    string Accelerator,
    IReadOnlyList<RawLaunch> Launches,
    ProgressTracker Progress);

/// <summary>
/// The deploy half: the embedded control plane (SQLite store, Open vSwitch, the QEMU driver, the local agent, the
/// reconciler) in this process with everything network-side in the benchmark's namespace, the scenario deployed through
/// it and timed to the operation's end, the running guests' QEMU command lines read from <c>/proc</c>, then an undeploy.
/// </summary>
internal static class DeployRound
{
    public static async Task<DeployResult> RunAsync(
        string scenarioYaml, IReadOnlyList<string> vmNames, BenchNamespace ns, DeploySettings settings, TextWriter log, CancellationToken cancellationToken)
    {
        var options = new EmbeddedHostOptions
        {
            DataDirectory = Path.Combine(settings.WorkDirectory, "data"),
            NetworkNamespace = ns.Name,
            Qemu = new QemuDriverOptions { MaxConcurrentBoots = settings.BootConcurrency },
            OperationPollInterval = TimeSpan.FromMilliseconds(100),
            StartProgress = new ImmediateProgress<string>(m => log.WriteLine($"  start: {m}")),
        };
        var host = await EmbeddedHost.StartAsync(options, cancellationToken).ConfigureAwait(false);
        try
        {
            var accelerator = ((IQemuDriver)host.Driver.Vms).Accelerator.Accelerator;
            log.WriteLine($"controller up (OVS datapath {host.Ovs?.Datapath}, accelerator {accelerator}); deploying {vmNames.Count} VMs");
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(settings.Timeout);
            var progress = new ProgressTracker(log, TimeProvider.System);

            var started = TimeProvider.System.GetTimestamp();
            var outcome = await host.DeployTextAsync(scenarioYaml, "vms51.yaml", new EmbeddedDeployOptions(Name: "bench"), progress, timeout.Token).ConfigureAwait(false);
            var allReady = TimeProvider.System.GetElapsedTime(started);
            var (rss, peak) = ProcessMemory.Read();
            if (!outcome.Succeeded)
            {
                throw new InvalidOperationException($"the deploy ended {outcome.Operation.State}: {outcome.Operation.Error}");
            }

            var managed = GC.GetTotalMemory(forceFullCollection: true) / (1024.0 * 1024.0);
            var launches = await CaptureLaunchesAsync(host, outcome.Deployment, vmNames, ns, cancellationToken).ConfigureAwait(false);

            started = TimeProvider.System.GetTimestamp();
            var undeploy = await host.UndeployAsync(outcome.Deployment, null, timeout.Token).ConfigureAwait(false);
            var undeployTime = TimeProvider.System.GetElapsedTime(started);
            if (undeploy?.State != OperationState.COMPLETED)
            {
                throw new InvalidOperationException($"the undeploy ended {undeploy?.State}: {undeploy?.Error}");
            }

            return new DeployResult(allReady, undeployTime, peak, rss, managed, accelerator, launches, progress);
        }
        finally
        {
            await host.StopAsync(tearDown: true, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Each guest's QEMU command line as the kernel has it (<c>/proc/PID/cmdline</c>), in the scenario's order.</summary>
    private static async Task<IReadOnlyList<RawLaunch>> CaptureLaunchesAsync(
        EmbeddedHost host, DeploymentRef deployment, IReadOnlyList<string> vmNames, BenchNamespace ns, CancellationToken cancellationToken)
    {
        var launches = new List<RawLaunch>();
        foreach (var vm in vmNames)
        {
            var status = await host.Driver.InspectAsync(deployment.VmId(vm), cancellationToken).ConfigureAwait(false);
            var pid = status.ProcessId ?? throw new InvalidOperationException($"vm {vm} has no QEMU process");
            var argv = (await File.ReadAllTextAsync($"/proc/{pid}/cmdline", cancellationToken).ConfigureAwait(false)).TrimEnd('\0').Split('\0');
            if (Path.GetFileName(argv[0]) != RawBootScript.Program)
            {
                throw new InvalidOperationException($"vm {vm}: process {pid} is {argv[0]}, not {RawBootScript.Program}");
            }

            var serial = Array.IndexOf(argv, "-serial");
            var console = serial > 0 && argv[serial + 1].StartsWith("file:", StringComparison.Ordinal)
                ? argv[serial + 1]["file:".Length..]
                : throw new InvalidOperationException($"vm {vm}: no -serial file: in its command line");
            launches.Add(new RawLaunch(argv[1..], console) { Prefix = ["ip", "netns", "exec", ns.Name] });
        }

        return launches;
    }
}

/// <summary>An <see cref="IProgress{T}"/> that calls back on the reporting thread, in order.</summary>
internal sealed class ImmediateProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
