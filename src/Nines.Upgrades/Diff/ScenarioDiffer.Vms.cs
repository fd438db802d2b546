using Nines.Domain;
using Nines.Domain.Scenarios;

namespace Nines.Upgrades.Diff;

/// <summary>
/// VMs: which changed values need a restart. What the guest boots from, its hardware and what runs at its start need
/// one; what is read only when it is used (a command sequence other than <c>start</c>, the exec mode, the boot order)
/// does not, nor what the drivers change on a running VM (<c>ResizeAsync</c>): for an OS-level instance the cgroup
/// limits and pinning, for a QEMU guest the balloon target (<c>qos.memory_limit</c>) and the vCPU pinning.
/// </summary>
public static partial class ScenarioDiffer
{
    /// <summary>The sequence the availability manager launches a unit's application with: changing it needs a restart.</summary>
    public const string StartSequence = "start";

    private const string Boots = "the guest boots from it";
    private const string Hardware = "the VM's hardware is fixed at its start";
    private const string AtStart = "applied when the VM starts";
    private const string WhenUsed = "read only when it is used";

    private static ValueList<VmDiff> CompareVms(Scenario from, Scenario to) =>
        Matched(ValueList.From(from.EffectiveVms), ValueList.From(to.EffectiveVms), v => v.Name, (a, b) =>
        {
            if (a is null || b is null)
            {
                var name = a?.Name ?? b!.Name;
                var kind = a is null ? DiffKind.Added : DiffKind.Removed;
                return new VmDiff(name, kind, [], GroupOf(a is null ? to : from, name)?.Name, VmRestartMode.Live);
            }

            var fields = VmFields(a, b);
            var group = GroupOf(to, b.Name);
            var restart = !fields.Any(f => f.NeedsRestart) ? VmRestartMode.Live
                : group is { Model: not RedundancyModel.None } ? VmRestartMode.Campaign
                : VmRestartMode.Outage;
            return new VmDiff(b.Name, DiffKind.Changed, fields, group?.Name, restart);
        })
        .Where(d => d.Kind != DiffKind.Changed || !d.Fields.IsEmpty)
        .ToArray();

    /// <summary>Every changed value of one VM (defaults applied on both sides), with whether it needs a restart.</summary>
    public static ValueList<FieldChange> VmFields(VmSpec a, VmSpec b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var fields = new FieldList();
        fields.Add("type", a.Type, b.Type, restart: true, "another kind of VM");
        fields.Add("subtype", a.Subtype, b.Subtype, restart: true, Hardware);
        fields.Add("os", a.Os, b.Os, restart: true, Hardware);
        fields.Add("order", a.Order, b.Order, restart: false, "the boot order matters only when the deployment starts");
        fields.Add("memory", a.MemoryKiB, b.MemoryKiB, restart: true, Hardware, DiffValues.Memory);
        fields.Add("vcpus", a.Vcpus, b.Vcpus, restart: true, Hardware);
        fields.Add("kernel", a.Kernel?.Path, b.Kernel?.Path, restart: true, Boots);
        fields.Add("initrd", a.Kernel?.Initrd, b.Kernel?.Initrd, restart: true, Boots);
        fields.Add("kernel.root", a.Kernel?.Root, b.Kernel?.Root, restart: true, Boots);
        fields.Add("kernel.modules", a.Kernel?.Modules, b.Kernel?.Modules, restart: true, Boots);
        fields.Add("filesystem", a.Filesystem, b.Filesystem, restart: true, Boots, DiffValues.Filesystem);
        fields.Add("image", a.Image, b.Image, restart: true, Boots);
        fields.Add("exec_mode", a.ExecMode, b.ExecMode, restart: false, WhenUsed);
        fields.Add("shell", a.Shell, b.Shell, restart: false, WhenUsed);
        fields.Add("basedir", a.Basedir, b.Basedir, restart: true, "the VM's files live there");
        fields.Add("disks", a.Disks, b.Disks, restart: true, Hardware, l => DiffValues.List(l, DiffValues.Disk));
        fields.Add("consoles", a.Consoles, b.Consoles, restart: true, Hardware, l => DiffValues.List(l, DiffValues.Console));
        fields.Add("interfaces", a.Interfaces, b.Interfaces, restart: true, "NICs are hardware, and the guest network script only adds addresses",
            l => DiffValues.List(l, DiffValues.Interface));
        var routesOnlyAdded = a.Routes.All(r => b.Routes.Contains(r));
        fields.Add("routes", a.Routes, b.Routes, restart: !routesOnlyAdded,
            routesOnlyAdded ? "routes are only added: the guest network script adds them live (ip route replace)" : "a route is removed or changed, and the guest network script only adds",
            l => DiffValues.List(l, DiffValues.Route));
        var forwardingOnlyAdded = Families(a.Forwarding).IsSubsetOf(Families(b.Forwarding));
        fields.Add("forwarding", a.Forwarding, b.Forwarding, restart: !forwardingOnlyAdded,
            forwardingOnlyAdded ? "forwarding is only turned on: the guest network script does it live" : "turning forwarding off needs a fresh guest");
        fields.Add("users", a.Users, b.Users, restart: true, AtStart, l => DiffValues.List(l, DiffValues.User));
        SequenceFields(fields, "file_trees", a.FileTrees, b.FileTrees, t => t.Sequence, DiffValues.FileTree);
        SequenceFields(fields, "execs", a.Execs, b.Execs, e => e.Sequence, DiffValues.Exec);
        QosFields(fields, a, b);
        fields.Add("properties", a.Properties, b.Properties, restart: true, "the appliance reads its properties when it starts",
            l => DiffValues.List(l, DiffValues.Property));
        return fields.ToList();
    }

    private static HashSet<string> Families(Forwarding? forwarding) => forwarding switch
    {
        Forwarding.Ip => ["ipv4", "ipv6"],
        Forwarding.Ipv4 => ["ipv4"],
        Forwarding.Ipv6 => ["ipv6"],
        _ => [],
    };

    /// <summary>One field per sequence that changed: <c>execs[start]</c> needs a restart, any other sequence runs on demand.</summary>
    private static void SequenceFields<T>(FieldList fields, string key, ValueList<T> a, ValueList<T> b, Func<T, string> sequence, Func<T, string> render)
    {
        foreach (var name in a.Select(sequence).Concat(b.Select(sequence)).Distinct(StringComparer.Ordinal))
        {
            var before = ValueList.From(a.Where(i => sequence(i) == name));
            var after = ValueList.From(b.Where(i => sequence(i) == name));
            var start = name == StartSequence;
            fields.Add($"{key}[{name}]", before, after, restart: start,
                start ? "the start sequence runs when the VM starts" : $"sequence \"{name}\" runs only on demand",
                l => DiffValues.List(l, render));
        }
    }

    /// <summary>QoS per value: live where the VM's driver resizes a running VM, a restart elsewhere.</summary>
    private static void QosFields(FieldList fields, VmSpec a, VmSpec b)
    {
        var instance = IsOsLevel(a) && IsOsLevel(b);
        var guest = !IsOsLevel(a) && !IsOsLevel(b);
        var x = a.Qos ?? new QosSpec();
        var y = b.Qos ?? new QosSpec();
        const string Cgroup = "resized live: the instance's cgroup limit";
        const string QemuRefuses = "a QEMU guest has no cgroup of its own: it cannot be resized live";
        fields.Add("qos.cpu_shares", x.CpuShares, y.CpuShares, restart: !instance, instance ? Cgroup : QemuRefuses);
        fields.Add("qos.cpu_quota_percent", x.CpuQuotaPercent, y.CpuQuotaPercent, restart: !instance, instance ? Cgroup : QemuRefuses);
        fields.Add("qos.cpu_pinning", x.CpuPinning, y.CpuPinning, restart: !(instance || guest),
            instance ? "resized live: the instance's cpuset" : guest ? "resized live: the vCPU threads are re-pinned" : AtStart);
        fields.Add("qos.memory_limit", x.MemoryLimitMiB, y.MemoryLimitMiB, restart: !(instance || guest),
            instance ? Cgroup : guest ? "resized live: the guest's balloon target" : AtStart, DiffValues.Mebibytes);
        fields.Add("qos.realtime_priority", x.RealTimePriority, y.RealTimePriority, restart: true, "the scheduling class is set when the VM's threads start");
    }

    private static bool IsOsLevel(VmSpec vm) => string.Equals(vm.Type, "os", StringComparison.Ordinal);
}
