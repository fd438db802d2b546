using Nines.Domain.Diagnostics;
using Nines.Drivers.Container.Launch;
using Nines.Drivers.Container.Processes;
using Nines.Drivers.Container.RealTime;
using Nines.Drivers.Core;
using Nines.Drivers.Errors;
using Nines.Drivers.HostPaths;
using Nines.Drivers.RealTime;
using Nines.Drivers.Validation;

namespace Nines.Drivers.Container;

internal sealed partial class ContainerDriver
{
    /// <summary>A NIC attachment the driver cannot make (not <c>veth:NAME</c> or none).</summary>
    public const string BadAttachment = "NX7201";

    /// <summary>The root directory of a definition does not exist.</summary>
    public const string BadRoot = "NX7202";

    /// <summary>A real-time priority out of range or not allowed on this host.</summary>
    public const string RealTimeRefused = "NX7203";

    /// <summary>A root directory outside the roots the administrator allows (<see cref="ContainerDriverOptions.AllowedRootDirectories"/>).</summary>
    public const string RootNotAllowed = "NX7204";

    public async Task<VmStatus> DefineAsync(VmDefinition definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_core.ExistingStatus_NeedsLock(definition) is { } existing)
            {
                return existing;
            }
        }

        // An instance boots no kernel: a missing boot source is no error here.
        var diagnostics = VmDefinitionValidator.Validate(definition, HostFactsProbe.FromSystem(["/"]))
            .Where(d => d.Code != VmDefinitionValidator.NoBootSource)
            .ToList();
        await CheckContainerAsync(definition, diagnostics, cancellationToken).ConfigureAwait(false);
        if (diagnostics.Any(d => d.IsError))
        {
            throw new InvalidDefinitionException(definition.Id, [.. diagnostics]);
        }

        var run = RunDirectoryOf(definition);
        var cgroup = CgroupOf(definition);
        if (ProcFs.ReadPidFile(run.LauncherPidFile) is { } pid && ProcFs.IsAlive(pid) && cgroup.Holds(ProcFs.Cgroups(pid)))
        {
            throw DriverCore<ContainerInstance>.Invalid(definition, VmDefinitionValidator.IdInUse, "id", $"vm \"{definition.Id}\" already runs as launcher process {pid} (re-attach to it instead)");
        }

        Directory.CreateDirectory(run.Path);
        ContainerRecord.WriteDefinition(run.DefinitionFile, definition);
        lock (_gate)
        {
            if (_core.TryFind_NeedsLock(definition.Id, out var raced))
            {
                return raced.ToStatus();
            }

            var vm = new ContainerInstance(definition, run, cgroup, Time.GetUtcNow());
            _core.Track_NeedsLock(vm);
            Persist_NeedsLock(vm);
            return vm.ToStatus();
        }
    }

    private async Task CheckContainerAsync(VmDefinition definition, List<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var api = SourceLocation.OfFile("api");
        foreach (var nic in definition.Nics)
        {
            try
            {
                VethAttachment.Parse(nic.Attachment);
            }
            catch (ArgumentException e)
            {
                diagnostics.Add(Diagnostic.Error(BadAttachment, api, $"vm[{definition.Name}].nics[{nic.Id}].attachment", e.Message));
            }
        }

        if (definition.Container?.RootDirectory is { } root)
        {
            var field = $"vm[{definition.Name}].container.rootDirectory";
            if (!Directory.Exists(Path.Combine(root, "bin")) && !Directory.Exists(Path.Combine(root, "usr")))
            {
                diagnostics.Add(Diagnostic.Error(BadRoot, api, field, $"\"{root}\" is not a root directory (expected a directory with bin/ or usr/)"));
            }
            else if (RootRefusal(root, _options.AllowedRootDirectories) is { } why)
            {
                diagnostics.Add(Diagnostic.Error(RootNotAllowed, api, field, why));
            }
        }

        if (definition.Qos?.RealTimePriority is { } priority)
        {
            var field = $"vm[{definition.Name}].qos.realTimePriority";
            if (priority is < 1 or > 99)
            {
                diagnostics.Add(Diagnostic.Error(RealTimeRefused, api, field, $"SCHED_FIFO priority {priority} is out of range (expected 1-99)"));
            }
            else if (await RealTimeRefusalAsync(definition.Id, priority, cancellationToken).ConfigureAwait(false) is { } why)
            {
                diagnostics.Add(Diagnostic.Error(RealTimeRefused, api, field, $"this host does not allow SCHED_FIFO priority {priority}: {why}"));
            }
        }
    }

    /// <summary>
    /// Why <paramref name="root"/> may not be an instance's root, or null: its real path (<see cref="HostPathProbe"/>, the
    /// host-path policy's resolver) must be one of the <paramref name="allowed"/> directories (resolved too) or below one
    /// (<see cref="HostPathPolicy.IsUnder"/>), and is never the host's <c>/</c>. Which tenant may use which library is the
    /// host agent's check (<see cref="HostPathCheck"/>); this is the driver's own last barrier.
    /// </summary>
    internal static string? RootRefusal(string root, IReadOnlyList<string> allowed)
    {
        var real = HostPathProbe.Probe(Path.GetFullPath(root)).Resolved;
        if (real == "/")
        {
            return $"\"{root}\" is the host's root directory: an instance never gets the host's file system";
        }

        var inside = allowed
            .Select(HostPathProbe.Resolve)
            .Where(a => a != "/")
            .Any(a => HostPathPolicy.IsUnder(real, a));
        return inside
            ? null
            : allowed.Count == 0
                ? $"\"{root}\" is a host directory and the administrator allows none as an instance root (only the busybox root; nines up --image-root DIR)"
                : $"\"{root}\" (\"{real}\") is not inside a root directory the administrator allows ({string.Join(", ", allowed)})";
    }

    /// <summary>
    /// Why the host refuses real-time scheduling for the instance, or null when it allows it: the kernel gives real-time
    /// tasks no time, the manager (whose limits and capabilities the launcher inherits) may not use SCHED_FIFO at that
    /// priority, the instance's cgroup cannot get real-time runtime (v1 RT group scheduling), or a test process under
    /// <c>chrt</c> is refused anyway (<c>sched_setscheduler</c> EPERM).
    /// </summary>
    private async Task<string?> RealTimeRefusalAsync(string id, int priority, CancellationToken cancellationToken)
    {
        if (RealTimePermission.HostRefusal(priority) is { } process)
        {
            return process;
        }

        if (RealTimeBudget.Refusal(_layout, _options.CgroupParent, id, _options.RealTimeRuntimeMicroseconds) is { } budget)
        {
            return budget;
        }

        var probe = await _options.Processes.RunAsync(HostProcessRequests.Request("chrt", ["-f", priority.ToString(System.Globalization.CultureInfo.InvariantCulture), "true"], null, TimeSpan.FromSeconds(5)), cancellationToken).ConfigureAwait(false);
        return probe is { Succeeded: true } ? null : $"chrt -f {priority} failed ({(probe.TimedOut ? "timed out" : probe.StandardError.Trim())})";
    }
}
