using Nines.Domain.Scenarios;

namespace Nines.Scenarios.Validation;

/// <summary>Counts, name lengths, VLAN ids and disks: the bounds of <see cref="ScenarioLimits"/>.</summary>
internal static partial class ScenarioValidator
{
    private static void CheckLimits(Context context)
    {
        var scenario = context.Scenario;
        CheckCount(context, scenario, "vm", "VMs", scenario.Vms.Count, ScenarioLimits.MaxVms, $"scenario \"{scenario.Name}\"");
        CheckCount(context, scenario, "net", "networks", scenario.Networks.Count, ScenarioLimits.MaxNetworks, $"scenario \"{scenario.Name}\"");
        CheckLength(context, scenario, "name", "scenario", scenario.Name);
        foreach (var network in scenario.Networks)
        {
            var field = $"net[{network.Name}]";
            CheckLength(context, network, field, "network", network.Name);
            if (network.Vlan is { } vlan && vlan is < ScenarioLimits.MinVlan or > ScenarioLimits.MaxVlan)
            {
                context.Error(
                    ScenarioValidationCodes.InvalidVlan,
                    network,
                    field + "/vlan",
                    $"network \"{network.Name}\": vlan {vlan} is out of range (expected {ScenarioLimits.MinVlan} to {ScenarioLimits.MaxVlan}; 0 and 4095 are reserved by 802.1Q)");
            }
        }

        foreach (var group in context.Scenario.RedundancyGroups)
        {
            CheckLength(context, group, $"redundancy_group[{group.Name}]", "redundancy group", group.Name);
        }

        foreach (var vm in scenario.Vms)
        {
            CheckVmLimits(context, vm);
            CheckPaths(context, vm, $"vm[{vm.Name}]", vm.Kernel, vm.Filesystem, vm.Image);
        }

        if (scenario.Defaults is { } defaults)
        {
            CheckPaths(context, defaults, "defaults", defaults.Kernel, defaults.Filesystem, defaults.Image);
        }
    }

    // A path reaches QEMU's option lists and the overlay mount's options: no separator of theirs may hide in it.
    private static void CheckPaths(Context context, object owner, string field, KernelSpec? kernel, FilesystemSpec? filesystem, string? image)
    {
        foreach (var (located, part, path) in new (object?, string, string?)[]
        {
            (kernel, "kernel", kernel?.Path), (kernel, "kernel/initrd", kernel?.Initrd), (filesystem, "filesystem", filesystem?.Path), (owner, "image", image is null ? null : ImageReference.PathOf(image)),
        })
        {
            if (path is not null && !ScenarioLimits.IsOptionSafePath(path))
            {
                var shown = Shorten(string.Concat(path.Select(c => char.IsControl(c) ? $"\\x{(int)c:x2}" : c.ToString())));
                context.Error(
                    ScenarioValidationCodes.UnsafePath,
                    located ?? owner,
                    $"{field}/{part}",
                    $"{part} \"{shown}\" contains a control character, ',', ':' or '\\' (rule safe-characters: they would split the mount or QEMU options the path is passed in)");
            }
        }
    }

    private static void CheckVmLimits(Context context, VmSpec vm)
    {
        var field = $"vm[{vm.Name}]";
        var owner = $"vm \"{vm.Name}\"";
        if (!string.IsNullOrWhiteSpace(vm.Name) && !ScenarioLimits.IsSafeVmName(vm.Name))
        {
            context.Error(
                ScenarioValidationCodes.InvalidName,
                vm,
                field,
                $"vm name \"{Shorten(vm.Name)}\" cannot name a VM on a host (expected 1 to {ScenarioLimits.MaxVmNameLength} of A-Z a-z 0-9 . _ -, not starting with '.' or '-'; drivers build file, process and cgroup names from it)");
        }

        CheckCount(context, vm, field + "/if", "interfaces", vm.Interfaces.Count, ScenarioLimits.MaxInterfacesPerVm, owner);
        CheckCount(context, vm, field + "/disk", "disks", vm.Disks.Count, ScenarioLimits.MaxDisksPerVm, owner);
        foreach (var disk in vm.Disks.Where(d => d.CapacityBytes is < 0 or > ScenarioLimits.MaxDiskBytes))
        {
            context.Error(
                ScenarioValidationCodes.InvalidDiskCapacity,
                disk,
                $"{field}/disk[{disk.Id}]/capacity",
                $"{owner}: disk \"{disk.Id}\" capacity {disk.CapacityBytes} bytes is out of range (expected 0 to {ScenarioLimits.MaxDiskBytes} bytes, 1 PiB)");
        }
    }

    private static void CheckCount(Context context, object located, string field, string what, int count, int max, string owner)
    {
        if (count > max)
        {
            context.Error(ScenarioValidationCodes.TooMany, located, field, $"{owner} has {count} {what}, more than the {max} Nines can run");
        }
    }

    private static void CheckLength(Context context, object located, string field, string what, string name)
    {
        if (name.Length > ScenarioLimits.MaxNameLength)
        {
            context.Error(
                ScenarioValidationCodes.InvalidName,
                located,
                field,
                $"{what} name \"{Shorten(name)}\" has {name.Length} characters, more than the {ScenarioLimits.MaxNameLength} allowed");
        }
    }

    /// <summary>A name as messages quote it: long ones cut, so a hostile name cannot flood the report.</summary>
    private static string Shorten(string name) => name.Length <= 80 ? name : string.Concat(name.AsSpan(0, 77), "...");
}
