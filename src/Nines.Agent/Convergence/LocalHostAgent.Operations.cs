using Nines.Contracts.Agents;
using Nines.Contracts.Model;
using Nines.Domain;
using Nines.Drivers;
using Nines.Drivers.Errors;
using Nines.Drivers.Sequences;
using Nines.Drivers.StateFiles;
using Nines.Scenarios;

namespace Nines.Agent.Convergence;

/// <summary>Single-VM operations, KPIs and command sequences (<see cref="IHostVmOperations"/>).</summary>
public sealed partial class LocalHostAgent : IHostVmOperations, IHostVmEvents
{
    /// <summary>
    /// Where suspended VMs' memory is saved: <c>DIR/TENANT/VMID.state</c> (the host's data directory's <c>state/</c>), each
    /// directory 0700 and made by Nines (<see cref="PrivateStateFiles"/>: one that exists with another owner, a looser mode, or
    /// as a symbolic link is refused); VMs of no deployment under <c>DIR/_unscoped/</c>. Null (the default): suspend and
    /// restore are refused, never sent to a shared directory such as <c>/tmp</c>.
    /// </summary>
    public string? StateDirectory { get; init; }

    /// <summary>The clock sequences time their commands with, and network re-application (<see cref="NetworkResyncInterval"/>) is paced by.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The driver's own event stream (<see cref="IVmDriver.WatchEventsAsync"/>).</summary>
    public IAsyncEnumerable<VmEvent> WatchVmEventsAsync(CancellationToken cancellationToken) => _driver.WatchEventsAsync(cancellationToken);

    public Task<VmStatus> InspectVmAsync(string vmId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(vmId);
        return _driver.InspectAsync(vmId, cancellationToken);
    }

    public async Task<VmStatus> ControlVmAsync(string vmId, VmOperation operation, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(vmId);

        // Serialised with convergence passes, so a pass never acts on a state an operation is changing under it.
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // An explicit operation supersedes a start or configuration a pass left running (a queued start would
            // otherwise hold the VM until a boot slot frees).
            await CancelPendingAsync(vmId).ConfigureAwait(false);
            if (operation == VmOperation.Destroy)
            {
                EndIncomingProtection(vmId);
            }

            LogVmOperation(HostName, vmId, operation);

            return operation switch
            {
                VmOperation.Start => await _driver.StartAsync(vmId, cancellationToken).ConfigureAwait(false),
                VmOperation.Pause => await _driver.PauseAsync(vmId, cancellationToken).ConfigureAwait(false),
                VmOperation.Resume => await _driver.ResumeAsync(vmId, cancellationToken).ConfigureAwait(false),
                VmOperation.Suspend => await _driver.SuspendAsync(vmId, StatePath(vmId), cancellationToken).ConfigureAwait(false),
                VmOperation.Restore => await _driver.RestoreAsync(vmId, StatePath(vmId), cancellationToken).ConfigureAwait(false),
                VmOperation.Shutdown => (await _driver.ShutdownAsync(vmId, ShutdownGracePeriod, cancellationToken).ConfigureAwait(false)).Status,
                VmOperation.Destroy => await _driver.DestroyAsync(vmId, cancellationToken).ConfigureAwait(false),
                VmOperation.Reboot => await _driver.RebootAsync(vmId, cancellationToken).ConfigureAwait(false),
                _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "not a lifecycle operation (expected start, pause, resume, suspend, restore, shutdown, destroy or reboot)"),
            };
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task<VmKpis> SampleVmAsync(string vmId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(vmId);
        return _driver.SampleAsync(vmId, cancellationToken);
    }

    public Task<GuestExecResult> ExecVmAsync(string vmId, GuestCommand command, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(vmId);
        ArgumentNullException.ThrowIfNull(command);
        return _driver.ExecAsync(vmId, command.Timeout is null ? command with { Timeout = GuestCommandTimeout } : command, cancellationToken);
    }

    public async Task<VmStatus> ResizeVmAsync(string vmId, QosChange change, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(vmId);
        ArgumentNullException.ThrowIfNull(change);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await _driver.ResizeAsync(vmId, change, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task<SequenceRunResult> RunSequenceAsync(
        string deploymentId,
        string scenarioYaml,
        IReadOnlyCollection<string> vms,
        string sequence,
        IProgress<SequenceProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(deploymentId);
        ArgumentNullException.ThrowIfNull(vms);
        var parsed = ScenarioReader.Read(scenarioYaml, $"{deploymentId}.yaml");
        if (!parsed.Succeeded)
        {
            throw new InvalidDataException($"the scenario does not parse: {string.Join("; ", parsed.Errors)}");
        }

        // Only this host's VMs, and no <host> section: the host commands belong to the host that realises it.
        var scenario = parsed.Value!.Scenario;
        scenario = scenario with { Vms = ValueList.From(scenario.Vms.Where(v => vms.Contains(v.Name))), Host = null };
        var runner = new ExecSequenceRunner(_driver, SequenceOptions(deploymentId), Time);
        return runner.RunAsync(scenario, sequence, progress, cancellationToken);
    }

    /// <summary>How long a graceful shutdown may take before the VM is forced off.</summary>
    public TimeSpan ShutdownGracePeriod { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The VM's state file, its tenant's directory made or checked first; a refused directory fails the operation.</summary>
    private string StatePath(string vmId)
    {
        // Tenant names cannot start with '_' (DeploymentRef), so no tenant's directory is the unscoped one.
        var tenant = DeploymentRef.FromHostId(vmId)?.Tenant ?? "_unscoped";
        if (vmId is "." or ".." || vmId.Contains('/', StringComparison.Ordinal) || vmId.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"vm id \"{vmId}\" cannot name a state file", nameof(vmId));
        }

        var root = StateDirectory ?? throw new DriverFailureException(vmId, $"host {HostName} has no state directory configured: suspend and restore are off");
        try
        {
            return Path.Combine(PrivateStateFiles.EnsureDirectory(root, tenant), $"{vmId}.state");
        }
        catch (IOException e)
        {
            throw new DriverFailureException(vmId, $"vm \"{vmId}\": {e.Message}", e);
        }
    }

    // Scenarios reach the agent as text: a sequence's command files and filetrees name files on the machine that
    // submitted it, which this host cannot read, so those commands fail with this reason.
    private ExecSequenceOptions SequenceOptions(string deploymentId) => new(
        (path, _) => Task.FromException<string>(new FileNotFoundException($"command file \"{path}\" is not available to sequences run by the host agent", path)),
        (path, _) => Task.FromException<IReadOnlyList<FileTreeEntry>>(new DirectoryNotFoundException($"filetree \"{path}\" is not available to sequences run by the host agent")))
    {
        CommandTimeout = GuestCommandTimeout,
        VmId = (_, vm) => $"{deploymentId}.{vm.Name}",
    };
}
