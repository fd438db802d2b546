namespace Nines.Scheduling;

/// <summary>Whether the balanced partitioner spreads VMs over as many hosts as it can or packs them onto as few.</summary>
public enum PackingMode
{
    /// <summary>Least-loaded host first (lowest memory fraction in use).</summary>
    Spread,

    /// <summary>Best fit: the host with the least free memory that still fits the VM.</summary>
    Pack,
}
