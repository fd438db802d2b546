using Nines.Contracts.Agents;
using Nines.Contracts.Model;
using Nines.Domain.Scenarios;
using Nines.Drivers;
using Nines.Drivers.Errors;
using Nines.Drivers.HostPaths;
using Nines.Drivers.Validation;

namespace Nines.Agent.Convergence;

/// <summary>One VM's convergence: define, start, configure the guest; destroy and remove.</summary>
public sealed partial class LocalHostAgent
{
    /// <summary>
    /// One step of the VM's way to ready per pass, never waiting for a boot slot or a guest: define; start (kept pending
    /// while the driver holds it for a boot slot); once the guest is ready configure it (pending while the guest agent
    /// runs the script). The observation says where the VM is now, so the controller's progress moves with each VM.
    /// </summary>
    /// <param name="incoming">The VM is live-migrating here: define it, never start it (the migration launches it).</param>
    private async Task<VmObservation> ConvergeVmAsync(Scenario scenario, VmDefinition definition, bool incoming, CancellationToken cancellationToken)
    {
        // The path policy first: a file outside this host's libraries is never read, not even to hash it.
        if ((RefusedHostPaths(definition) ?? await _pins.MismatchAsync(definition, cancellationToken).ConfigureAwait(false)) is { } refused)
        {
            LogVmFailed(HostName, definition.Id, "define", refused);
            return new VmObservation(definition.Name, definition.Id, null, false, false, refused, Terminal: true);
        }

        VmStatus status;
        try
        {
            status = await DefineAsync(definition, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDefinitionException e)
        {
            LogVmFailed(HostName, definition.Id, "define", e.Message);
            return new VmObservation(definition.Name, definition.Id, null, false, false, e.Message, Terminal: true);
        }
        catch (VmDriverException e)
        {
            LogVmFailed(HostName, definition.Id, "define", e.Message);
            return await FailedAsync(definition, e.Message, cancellationToken).ConfigureAwait(false);
        }

        if (_pending.TryGetValue(definition.Id, out var pending))
        {
            if (!pending.Work.IsCompleted)
            {
                return Observe(definition, status);
            }

            if (await FinishAsync(definition.Id, pending).ConfigureAwait(false) is { } failed)
            {
                LogVmFailed(HostName, definition.Id, pending.Kind.ToString().ToLowerInvariant(), failed);
                return await FailedAsync(definition, failed, cancellationToken).ConfigureAwait(false);
            }

            status = await _driver.InspectAsync(definition.Id, cancellationToken).ConfigureAwait(false);
        }

        if (incoming && status.State is VmState.Defined or VmState.Incoming or VmState.Stopped or VmState.Crashed)
        {
            return Observe(definition, status);
        }

        if (status.State == VmState.Defined)
        {
            var (deferred, error) = await RunOrDeferAsync(definition.Id, VmActionKind.Start, status.Since, token => StartGuestAsync(definition.Id, token)).ConfigureAwait(false);
            if (deferred)
            {
                return Observe(definition, status);
            }

            if (error is not null)
            {
                LogVmFailed(HostName, definition.Id, "start", error);
                return await FailedAsync(definition, error, cancellationToken).ConfigureAwait(false);
            }

            status = await _driver.InspectAsync(definition.Id, cancellationToken).ConfigureAwait(false);
        }

        if (status.State is VmState.Crashed or VmState.Stopped)
        {
            _configured.Remove(definition.Id);
            var reason = status.ExitReason is { } exit ? $": {exit.Message}" : string.Empty;
            NoteDown(definition.Id, status);
            return new VmObservation(definition.Name, definition.Id, status.State, false, false, $"vm is {status.State.ToString().ToLowerInvariant()}{reason}");
        }

        if (status.State != VmState.Running || !status.GuestReady || IsConfigured(definition.Id, status))
        {
            return Observe(definition, status);
        }

        var configure = await RunOrDeferAsync(definition.Id, VmActionKind.Configure, status.Since, token => ConfigureGuestAsync(scenario, definition, token)).ConfigureAwait(false);
        if (configure.Error is not null)
        {
            LogVmFailed(HostName, definition.Id, "configure", configure.Error);
        }

        return configure.Deferred || configure.Error is null
            ? Observe(definition, status)
            : new VmObservation(definition.Name, definition.Id, status.State, true, false, configure.Error);
    }

    /// <summary>The VM as it is: configured when its guest got the scenario's network for this boot.</summary>
    private VmObservation Observe(VmDefinition definition, VmStatus status) =>
        new(definition.Name, definition.Id, status.State, status.GuestReady, status.State == VmState.Running && status.GuestReady && IsConfigured(definition.Id, status));

    private bool IsConfigured(string vmId, VmStatus status) => _configured.TryGetValue(vmId, out var boot) && boot == status.Since;

    private async Task<VmObservation> FailedAsync(VmDefinition definition, string error, CancellationToken cancellationToken)
    {
        var current = await TryInspectAsync(definition.Id, cancellationToken).ConfigureAwait(false);
        return new VmObservation(definition.Name, definition.Id, current?.State, current?.GuestReady ?? false, false, error);
    }

    /// <summary>
    /// Defence in depth for the host-resource policy: the definition's kernel, initrd, disk image and instance root must
    /// lie in this host's libraries (<see cref="HostPaths"/>, the tenant's own library by the VM id's tenant) whatever
    /// the controller sent; the refusals in one message, each naming its field and rule, or null.
    /// </summary>
    private string? RefusedHostPaths(VmDefinition definition)
    {
        var tenant = DeploymentRef.FromHostId(definition.Id)?.Tenant ?? string.Empty;
        var refused = HostPathCheck.Definition(HostPaths, tenant, definition);
        return refused.Count == 0 ? null : "refused by the host-path policy: " + string.Join("; ", refused.Select(d => $"{d.Code} {d.Field}: {d.Message}"));
    }

    /// <summary>Defines the VM; a VM of that id with another definition (the scenario changed) is replaced.</summary>
    private async Task<VmStatus> DefineAsync(VmDefinition definition, CancellationToken cancellationToken)
    {
        try
        {
            var status = await _driver.DefineAsync(definition, cancellationToken).ConfigureAwait(false);
            if (_vms.Add(definition.Id))
            {
                LogVmDefined(HostName, definition.Id);
            }

            return status;
        }
        catch (InvalidDefinitionException e) when (e.Diagnostics.Any(d => d.Code == VmDefinitionValidator.IdInUse) && _vms.Contains(definition.Id))
        {
            await DestroyAndRemoveAsync(definition.Id, cancellationToken).ConfigureAwait(false);
            var status = await _driver.DefineAsync(definition, cancellationToken).ConfigureAwait(false);
            _vms.Add(definition.Id);
            LogVmDefined(HostName, definition.Id);
            return status;
        }
    }

    /// <summary>Runs the guest's network script (addresses by MAC, routes, forwarding); its error, or null.</summary>
    private async Task<string?> ConfigureGuestAsync(Scenario scenario, VmDefinition definition, CancellationToken cancellationToken)
    {
        var script = GuestNetworkScript.Build(EffectiveVm(scenario, definition.Name), definition.Nics);
        if (script is null)
        {
            return null;
        }

        try
        {
            var result = await _driver.ExecAsync(definition.Id, new GuestCommand("/bin/sh", ["-c", script], Timeout: GuestCommandTimeout), cancellationToken).ConfigureAwait(false);
            return result.Succeeded ? null : $"configuring the guest's network failed with exit code {result.ExitCode}: {result.StandardError.Trim()}";
        }
        catch (VmDriverException e)
        {
            return $"configuring the guest's network failed: {e.Message}";
        }
    }

    private async Task DestroyAndRemoveAsync(string vmId, CancellationToken cancellationToken)
    {
        await CancelPendingAsync(vmId).ConfigureAwait(false);
        try
        {
            await _driver.DestroyAsync(vmId, cancellationToken).ConfigureAwait(false);
            await _driver.RemoveAsync(vmId, cancellationToken).ConfigureAwait(false);
        }
        catch (VmNotFoundException)
        {
            // Already gone: removal is idempotent.
        }

        if (_vms.Remove(vmId))
        {
            LogVmRemoved(HostName, vmId);
        }

        _configured.Remove(vmId);
    }

    private async Task<VmStatus?> TryInspectAsync(string vmId, CancellationToken cancellationToken)
    {
        try
        {
            return await _driver.InspectAsync(vmId, cancellationToken).ConfigureAwait(false);
        }
        catch (VmNotFoundException)
        {
            return null;
        }
    }
}
