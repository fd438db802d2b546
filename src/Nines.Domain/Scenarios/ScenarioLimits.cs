namespace Nines.Domain.Scenarios;

/// <summary>
/// The largest (and smallest) values a scenario may hold, each set by the code that consumes it later. The
/// format-independent validator refuses anything outside them, so planning, MAC assignment, network planning and
/// mapping to driver definitions can rely on them and never throw. The Nines.Scenarios README lists them.
/// </summary>
public static class ScenarioLimits
{
    /// <summary>The largest interface id: VNUML's automac puts it in the MAC's last byte (<see cref="AutoMacAddresses"/>).</summary>
    public const int MaxInterfaceId = 0xFF;

    /// <summary>The largest VM number (boot position) plus automac offset: the three MAC bytes after <c>fe:fd</c>.</summary>
    public const int MaxAutoMacVmNumber = 0xFF_FFFF;

    /// <summary>The smallest VLAN id of a network (0 means "priority tag only" in 802.1Q).</summary>
    public const int MinVlan = 1;

    /// <summary>The largest VLAN id of a network (4095 is reserved by 802.1Q).</summary>
    public const int MaxVlan = 4094;

    /// <summary>
    /// The most vCPUs a VM may have: QEMU's <c>pc</c> machine (the one the QEMU driver starts) takes at most 255;
    /// an OS-level instance's CPU quota is 100 % per vCPU, which stays far inside an int.
    /// </summary>
    public const int MaxVcpus = 255;

    /// <summary>The least memory a VM may have, in KiB (1 MiB).</summary>
    public const long MinMemoryKiB = 1024;

    /// <summary>
    /// The most memory a VM, or a QoS memory limit, may have, in MiB (16 TiB): the bound the API's resize takes too;
    /// sums over many VMs in the planner and the limit in bytes for cgroups stay far inside a long.
    /// </summary>
    public const long MaxMemoryMiB = 16L * 1024 * 1024;

    /// <summary>The most memory a VM may have, in KiB (<see cref="MaxMemoryMiB"/>).</summary>
    public const long MaxMemoryKiB = MaxMemoryMiB * 1024;

    /// <summary>The largest CPU quota in percent of one CPU (1000 CPUs), as the API's resize accepts.</summary>
    public const int MaxCpuQuotaPercent = 100_000;

    /// <summary>The smallest cgroup v1 <c>cpu.shares</c> the kernel takes.</summary>
    public const int MinCpuShares = 2;

    /// <summary>The largest cgroup v1 <c>cpu.shares</c> the kernel takes.</summary>
    public const int MaxCpuShares = 262_144;

    /// <summary>The lowest SCHED_FIFO priority.</summary>
    public const int MinRealTimePriority = 1;

    /// <summary>The highest SCHED_FIFO priority.</summary>
    public const int MaxRealTimePriority = 99;

    /// <summary>
    /// The most interfaces one VM may have: QEMU's <c>pc</c> machine has 32 PCI slots; the host bridge and the
    /// PIIX3 take two, the QEMU driver's virtio-serial, balloon, watchdog and disk four more, leaving 26 for NICs.
    /// </summary>
    public const int MaxInterfacesPerVm = 26;

    /// <summary>The most disks one VM may declare.</summary>
    public const int MaxDisksPerVm = 64;

    /// <summary>The largest disk capacity, in bytes (1 PiB).</summary>
    public const long MaxDiskBytes = 1L << 50;

    /// <summary>The most VMs one scenario may have.</summary>
    public const int MaxVms = 10_000;

    /// <summary>
    /// The most networks one scenario may have: each network on a host takes one VLAN tag of the host's local pool
    /// (2048–4094, 2047 tags).
    /// </summary>
    public const int MaxNetworks = 2047;

    /// <summary>
    /// The longest VM name. Hosts run a VM under the id <c>tenant.deployment.vm</c>, which drivers use in file,
    /// process and cgroup names and limit to 64 characters; the shortest tenant and deployment (<c>a.b.</c>) leave 60.
    /// The API checks the whole id once it knows the tenant and the deployment's name.
    /// </summary>
    public const int MaxVmNameLength = 60;

    /// <summary>The longest host-side VM id (<c>tenant.deployment.vm</c>): drivers refuse longer ones.</summary>
    public const int MaxVmIdLength = 64;

    /// <summary>The longest scenario, network or redundancy group name (labels in OVS and in the store).</summary>
    public const int MaxNameLength = 64;

    /// <summary>
    /// Characters a host path (kernel, initrd, filesystem, image) may not hold, besides control characters: they split
    /// the overlay mount options (<c>lowerdir=ROOT,upperdir=…</c>, <c>:</c>-separated layers, <c>\</c> escapes) and QEMU
    /// option lists the path is passed in.
    /// </summary>
    public const string OptionSeparators = ",:\\";

    /// <summary>True when <paramref name="path"/> has no control character and none of <see cref="OptionSeparators"/>.</summary>
    public static bool IsOptionSafePath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return !path.Any(c => char.IsControl(c) || OptionSeparators.Contains(c, StringComparison.Ordinal));
    }

    /// <summary>
    /// True when <paramref name="name"/> can be a VM's name: 1–<see cref="MaxVmNameLength"/> of <c>A-Z a-z 0-9 . _ -</c>,
    /// not starting with '.' or '-' (drivers build file names and QEMU options from it).
    /// </summary>
    public static bool IsSafeVmName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Length is > 0 and <= MaxVmNameLength
            && name[0] is not ('.' or '-')
            && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
    }
}
