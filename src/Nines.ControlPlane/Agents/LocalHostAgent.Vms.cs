using Nines.Domain.Scenarios;
using Nines.Drivers;
using Nines.Drivers.Errors;
using Nines.Drivers.Validation;

namespace Nines.ControlPlane.Agents;

/// <summary>One VM's convergence: define, start, configure the guest; destroy and remove.</summary>
public sealed partial class LocalHostAgent
{
    private async Task<VmObservation> ConvergeVmAsync(Scenario scenario, VmDefinition definition, CancellationToken cancellationToken)
    {
        VmStatus status;
        try
        {
            status = await DefineAsync(definition, cancellationToken).ConfigureAwait(false);
            if (status.State == VmState.Defined)
            {
                status = await _driver.StartAsync(definition.Id, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (InvalidDefinitionException e)
        {
            return new VmObservation(definition.Name, definition.Id, null, false, false, e.Message, Terminal: true);
        }
        catch (VmDriverException e)
        {
            var current = await TryInspectAsync(definition.Id, cancellationToken).ConfigureAwait(false);
            return new VmObservation(definition.Name, definition.Id, current?.State, current?.GuestReady ?? false, false, e.Message);
        }

        if (status.State is VmState.Crashed or VmState.Stopped)
        {
            _configured.Remove(definition.Id);
            var reason = status.ExitReason is { } exit ? $": {exit.Message}" : string.Empty;
            return new VmObservation(definition.Name, definition.Id, status.State, false, false, $"vm is {status.State.ToString().ToLowerInvariant()}{reason}");
        }

        if (status.State != VmState.Running || !status.GuestReady)
        {
            return new VmObservation(definition.Name, definition.Id, status.State, status.GuestReady, false);
        }

        var error = await ConfigureGuestAsync(scenario, definition, status, cancellationToken).ConfigureAwait(false);
        return new VmObservation(definition.Name, definition.Id, status.State, true, error is null, error);
    }

    /// <summary>Defines the VM; a VM of that id with another definition (the scenario changed) is replaced.</summary>
    private async Task<VmStatus> DefineAsync(VmDefinition definition, CancellationToken cancellationToken)
    {
        try
        {
            var status = await _driver.DefineAsync(definition, cancellationToken).ConfigureAwait(false);
            _vms.Add(definition.Id);
            return status;
        }
        catch (InvalidDefinitionException e) when (e.Diagnostics.Any(d => d.Code == VmDefinitionValidator.IdInUse) && _vms.Contains(definition.Id))
        {
            await DestroyAndRemoveAsync(definition.Id, cancellationToken).ConfigureAwait(false);
            var status = await _driver.DefineAsync(definition, cancellationToken).ConfigureAwait(false);
            _vms.Add(definition.Id);
            return status;
        }
    }

    private async Task<string?> ConfigureGuestAsync(Scenario scenario, VmDefinition definition, VmStatus status, CancellationToken cancellationToken)
    {
        if (_configured.TryGetValue(definition.Id, out var boot) && boot == status.Since)
        {
            return null;
        }

        var script = GuestNetworkScript.Build(EffectiveVm(scenario, definition.Name), definition.Nics);
        if (script is not null)
        {
            try
            {
                var result = await _driver.ExecAsync(definition.Id, new GuestCommand("/bin/sh", ["-c", script], Timeout: GuestCommandTimeout), cancellationToken).ConfigureAwait(false);
                if (!result.Succeeded)
                {
                    return $"configuring the guest's network failed with exit code {result.ExitCode}: {result.StandardError.Trim()}";
                }
            }
            catch (VmDriverException e)
            {
                return $"configuring the guest's network failed: {e.Message}";
            }
        }

        _configured[definition.Id] = status.Since;
        return null;
    }

    private async Task DestroyAndRemoveAsync(string vmId, CancellationToken cancellationToken)
    {
        try
        {
            await _driver.DestroyAsync(vmId, cancellationToken).ConfigureAwait(false);
            await _driver.RemoveAsync(vmId, cancellationToken).ConfigureAwait(false);
        }
        catch (VmNotFoundException)
        {
            // Already gone: removal is idempotent.
        }

        _vms.Remove(vmId);
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
