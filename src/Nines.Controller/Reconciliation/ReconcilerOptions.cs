using Nines.Domain.Clusters;
using Nines.Drivers.Mapping;
using Nines.Scheduling;

namespace Nines.Controller.Reconciliation;

/// <summary>How the deployment reconciler plans, maps and paces itself.</summary>
/// <param name="Mapping">How scenario VMs become driver definitions (guest image, run directories, which paths exist).</param>
public sealed record ReconcilerOptions(VmMappingOptions Mapping)
{
    /// <summary>VLAN ids networks spanning hosts may take.</summary>
    public VlanRange Vlans { get; init; } = new(100, 999);

    public PackingMode Packing { get; init; } = PackingMode.Spread;

    /// <summary>How soon a deployment still converging (VMs booting) is looked at again.</summary>
    public TimeSpan ConvergePollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>First retry delay after a transient error; doubles with each further failure.</summary>
    public TimeSpan BaseBackoff { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest retry delay.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How often every deployment is looked at again even without a change (drift, crashed VMs).</summary>
    public TimeSpan ResyncInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many deployments are reconciled at once (the work queue never hands one deployment to two workers), so a
    /// slow deployment or an agent that does not answer holds up no other.
    /// </summary>
    public int Workers { get; init; } = 4;
}
