using System.Globalization;
using Nines.Domain.Diagnostics;
using Nines.Drivers.Errors;
using Nines.Drivers.Qemu.Qmp;
using Nines.Drivers.RealTime;

namespace Nines.Drivers.Qemu;

/// <summary>
/// Resource controls of guests: SCHED_FIFO and CPU pinning of the vCPU threads (from <c>query-cpus-fast</c>), applied
/// at every launch, and run-time resize — the balloon target (memory) and the pinning. A QEMU process has no cgroup of
/// its own here, so CPU quota, shares and pids limits are refused with the field named rather than silently ignored.
/// </summary>
internal sealed partial class QemuDriver
{
    /// <summary>A QoS change (resize) or QoS field QEMU guests cannot take.</summary>
    public const string QosRefused = "NX7012";

    /// <summary>The smallest balloon target: below it the guest kernel cannot keep running.</summary>
    public const long MinimumBalloonMiB = 32;

    public async Task<VmStatus> ResizeAsync(string vmId, QosChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var vm = _core.Get(vmId);
        var refused = ResizeRefusals(vm.Definition, change);
        if (refused.Count > 0)
        {
            throw new InvalidDefinitionException(vmId, [.. refused]);
        }

        using var lease = await _core.BeginOperationAsync(vm, cancellationToken).ConfigureAwait(false);
        try
        {
            QmpClient qmp;
            lock (_gate)
            {
                if (vm.State is not (VmState.Running or VmState.Paused) || vm.Qmp is null)
                {
                    throw new DriverFailureException(vmId, $"vm \"{vmId}\" is {vm.State.ToString().ToLowerInvariant()}: only a running or paused guest can be resized");
                }

                qmp = vm.Qmp;
            }

            if (change.MemoryLimitMiB is { } memory)
            {
                await qmp.SetBalloonAsync(memory * 1024 * 1024, cancellationToken).ConfigureAwait(false);
            }

            if (change.CpuPinning is { } pinning)
            {
                await PlaceVcpuThreadsAsync(vmId, qmp, pinning, realTimePriority: null, cancellationToken).ConfigureAwait(false);
            }

            lock (_gate)
            {
                return vm.ToStatus();
            }
        }
        catch (Exception e) when (e is QmpCommandException or QmpConnectionBrokenException or QmpTimeoutException)
        {
            throw new DriverFailureException(vmId, $"cannot resize vm \"{vmId}\": {e.Message}", e);
        }
    }

    /// <summary>The definition's real-time request, refused at define when this host would refuse it at launch.</summary>
    private static void CheckRealTime(VmDefinition definition, List<Diagnostic> diagnostics)
    {
        if (definition.Qos?.RealTimePriority is not { } priority)
        {
            return;
        }

        var field = $"vm[{definition.Name}].qos.realTimePriority";
        if (priority is < 1 or > 99)
        {
            diagnostics.Add(Diagnostic.Error(QosRefused, SourceLocation.OfFile("api"), field, $"SCHED_FIFO priority {priority} is out of range (expected 1-99)"));
        }
        else if (RealTimePermission.HostRefusal(priority) is { } why)
        {
            diagnostics.Add(Diagnostic.Error(QosRefused, SourceLocation.OfFile("api"), field, $"this host does not allow SCHED_FIFO priority {priority} for the guest's vCPU threads: {why}"));
        }
    }

    /// <summary>After a launch: the definition's pinning and real-time class on every vCPU thread (nothing to do without them).</summary>
    private Task ApplyVcpuQosAsync(string vmId, VmDefinition definition, QmpClient qmp, CancellationToken cancellationToken) =>
        definition.Qos is { CpuPinning: null, RealTimePriority: null } or null
            ? Task.CompletedTask
            : PlaceVcpuThreadsAsync(vmId, qmp, definition.Qos.CpuPinning, definition.Qos.RealTimePriority, cancellationToken);

    private async Task PlaceVcpuThreadsAsync(string vmId, QmpClient qmp, string? pinning, int? realTimePriority, CancellationToken cancellationToken)
    {
        var cpus = await qmp.QueryCpusFastAsync(cancellationToken).ConfigureAwait(false);
        foreach (var cpu in cpus)
        {
            var thread = cpu.ThreadId.ToString(CultureInfo.InvariantCulture);
            if (pinning is not null)
            {
                await RunThreadToolAsync(vmId, "taskset", ["-pc", pinning, thread], $"pinning vCPU {cpu.Index} to CPUs {pinning}", cancellationToken).ConfigureAwait(false);
            }

            if (realTimePriority is { } priority)
            {
                await RunThreadToolAsync(vmId, "chrt", ["-f", "-p", priority.ToString(CultureInfo.InvariantCulture), thread], $"SCHED_FIFO {priority} for vCPU {cpu.Index}", cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task RunThreadToolAsync(string vmId, string tool, string[] arguments, string what, CancellationToken cancellationToken)
    {
        var result = await _options.Processes.RunAsync(new ProcessRequest(tool, arguments), cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new DriverFailureException(vmId, $"vm \"{vmId}\": {what} failed ({tool} exited with {result.ExitCode}: {result.StandardError.Trim()})");
        }
    }

    private static List<Diagnostic> ResizeRefusals(VmDefinition definition, QosChange change)
    {
        var refused = new List<Diagnostic>();
        void Refuse(string field, string message) =>
            refused.Add(Diagnostic.Error(QosRefused, SourceLocation.OfFile("api"), $"vm[{definition.Name}].{field}", message));

        if (change.CpuQuotaPercent is not null)
        {
            Refuse("cpuQuotaPercent", "QEMU guests take no CPU quota at run time (pin their vCPUs with cpuPinning instead)");
        }

        if (change.CpuShares is not null)
        {
            Refuse("cpuShares", "QEMU guests take no CPU shares at run time");
        }

        if (change.PidsLimit is not null)
        {
            Refuse("pidsLimit", "a pids limit applies to OS-level instances, not to QEMU guests");
        }

        if (change.MemoryLimitMiB is { } memory && (memory < MinimumBalloonMiB || memory > definition.MemoryMiB))
        {
            Refuse("memoryLimitMiB", $"the balloon target must be between {MinimumBalloonMiB} and the guest's {definition.MemoryMiB} MiB (got {memory})");
        }

        if (change.CpuPinning is { } pinning && !IsCpuList(pinning))
        {
            Refuse("cpuPinning", $"\"{pinning}\" is not a CPU list (expected e.g. 0-1,3)");
        }

        if (change == new QosChange())
        {
            Refuse("qos", "the change names nothing to change (expected memoryLimitMiB or cpuPinning)");
        }

        return refused;
    }

    private static bool IsCpuList(string text) =>
        text.Length > 0 && text.Split(',').All(part =>
            part.Split('-') is var bounds && bounds.Length is 1 or 2
            && bounds.All(b => b.Length > 0 && b.All(char.IsAsciiDigit)));
}
