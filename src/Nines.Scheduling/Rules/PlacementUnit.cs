namespace Nines.Scheduling.Rules;

/// <summary>
/// VMs placed as one (a hard affinity group, or a single VM). <see cref="PinnedHost"/> is -1 unless a hard
/// rule fixed the host. Anti-affinity and soft preferences are indices into the problem's arrays.
/// </summary>
internal sealed class PlacementUnit
{
    public required int[] Vms { get; init; }

    public long MemoryMiB { get; init; }

    public long Vcpus { get; init; }

    public int PinnedHost { get; init; } = -1;

    /// <summary>What pinned the unit, for messages (<c>vm_deploy_at(R2) at zermat (f:3:1)</c>).</summary>
    public Citation? PinnedBy { get; init; }

    public int[] AntiAffinity { get; set; } = [];

    public int[] SoftAntiAffinity { get; set; } = [];

    /// <summary>Hosts soft pins prefer, in rule order.</summary>
    public List<int>? SoftHosts { get; set; }

    /// <summary>Units soft affinity would like on the same host.</summary>
    public List<int>? SoftMates { get; set; }
}
