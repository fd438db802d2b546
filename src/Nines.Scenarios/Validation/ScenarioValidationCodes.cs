namespace Nines.Scenarios.Validation;

/// <summary>The diagnostic codes of the format-independent scenario checks (NX1500–NX1599).</summary>
internal static class ScenarioValidationCodes
{
    /// <summary>A VM, network or redundancy group with an empty name.</summary>
    public const string EmptyName = "NX1500";

    public const string DuplicateVm = "NX1501";

    public const string DuplicateNetwork = "NX1502";

    /// <summary>A VM interface on a network the scenario does not define.</summary>
    public const string UnknownInterfaceNetwork = "NX1503";

    /// <summary>Two interfaces of one VM with the same id.</summary>
    public const string DuplicateInterfaceId = "NX1504";

    /// <summary>A host interface on a network the scenario does not define.</summary>
    public const string UnknownHostInterfaceNetwork = "NX1505";

    public const string DuplicateMac = "NX1506";

    /// <summary>A MAC that is not six hex pairs, or is a multicast address.</summary>
    public const string MalformedMac = "NX1507";

    /// <summary>A redundancy group member that is not a VM of the scenario.</summary>
    public const string UnknownGroupMember = "NX1508";

    public const string DuplicateGroup = "NX1509";

    /// <summary>A VM listed twice in one group or in two groups.</summary>
    public const string RepeatedGroupMember = "NX1510";

    /// <summary>Member counts that do not fit the group's redundancy model.</summary>
    public const string InconsistentGroupModel = "NX1511";

    /// <summary>A placement rule naming a VM the scenario does not define.</summary>
    public const string UnknownRuleVm = "NX1512";

    /// <summary>A placement rule naming a network the scenario does not define.</summary>
    public const string UnknownRuleNetwork = "NX1513";

    /// <summary>Memory below 1 MiB.</summary>
    public const string TooLittleMemory = "NX1514";

    /// <summary>Fewer than one vCPU.</summary>
    public const string TooFewVcpus = "NX1515";

    /// <summary>CPU shares outside the kernel's 2–262144.</summary>
    public const string InvalidCpuShares = "NX1516";

    /// <summary>A CPU quota that is not positive.</summary>
    public const string InvalidCpuQuota = "NX1517";

    /// <summary>A real-time priority outside SCHED_FIFO's 1–99.</summary>
    public const string InvalidRealTimePriority = "NX1518";

    /// <summary>CPU pinning that is not in cpuset syntax.</summary>
    public const string InvalidCpuPinning = "NX1519";

    /// <summary>A point-to-point network with more than two interfaces on it.</summary>
    public const string CrowdedPointToPoint = "NX1520";

    /// <summary>A memory limit that is not positive or is below the VM's own memory.</summary>
    public const string InvalidMemoryLimit = "NX1521";

    /// <summary>An interface id outside 0–255 (automac puts it in the MAC's last byte).</summary>
    public const string InterfaceIdOutOfRange = "NX1522";

    /// <summary>An automac offset that is negative, or that pushes a VM's number past the three MAC bytes it fills.</summary>
    public const string AutoMacOutOfRange = "NX1523";

    /// <summary>A network VLAN outside 1–4094.</summary>
    public const string InvalidVlan = "NX1524";

    /// <summary>More vCPUs than the QEMU machine takes.</summary>
    public const string TooManyVcpus = "NX1525";

    /// <summary>More memory than a VM may have.</summary>
    public const string TooMuchMemory = "NX1526";

    /// <summary>More VMs, networks, interfaces of a VM or disks of a VM than Nines can run.</summary>
    public const string TooMany = "NX1527";

    /// <summary>A disk whose capacity is negative or too large.</summary>
    public const string InvalidDiskCapacity = "NX1528";

    /// <summary>A name too long, or a VM name drivers cannot use in file, process and cgroup names.</summary>
    public const string InvalidName = "NX1529";

    /// <summary>A host route no host interface can carry, or whose destination is not a network prefix.</summary>
    public const string InvalidHostRoute = "NX1530";

    /// <summary>A kernel, initrd, filesystem or image path with a control character, ',', ':' or '\\' (option separators).</summary>
    public const string UnsafePath = "NX1531";

    /// <summary>
    /// A host route to <c>default</c> (or any /0 prefix): a warning offline (a VNUML file may have one), refused for a
    /// scenario submitted to the API (<see cref="SubmissionRules"/>), never applied by a host (issue 18's network guard).
    /// </summary>
    public const string DefaultHostRoute = "NX1532";
}
