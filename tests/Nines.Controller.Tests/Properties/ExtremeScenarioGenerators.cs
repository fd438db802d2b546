using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Nines.Domain;
using Nines.Domain.Scenarios;
using Nines.Scenarios.Tests.Native;

namespace Nines.Controller.Tests.Properties;

/// <summary>
/// Scenarios at and past every limit: a valid generated scenario (<see cref="NativeScenarioGenerators"/>) with one to
/// four mutations that each push one value to a boundary — ids 0/255/256/int.MaxValue, automac offsets near 0xFFFFFF,
/// huge memory, zero or huge vCPUs, long and unsafe names, VLAN 0/4095/4096, hundreds of VMs, dozens of interfaces.
/// <see cref="Invalid"/> instead applies one mutation whose value is certainly out of range.
/// </summary>
internal static class ExtremeScenarioGenerators
{
    private const int Max = ScenarioLimits.MaxAutoMacVmNumber;

    private static readonly int[] _interfaceIds = [0, 1, 254, 255, 256, -1, int.MaxValue, int.MinValue];
    private static readonly int[] _offsets = [0, 1, 255, 256, 0xFFFF, Max - 1000, Max - 300, Max - 2, Max - 1, Max, Max + 1, int.MaxValue, -1, int.MinValue];
    private static readonly long[] _memoriesKiB = [0, 1023, 1024, 1025, ScenarioLimits.MaxMemoryKiB, ScenarioLimits.MaxMemoryKiB + 1, long.MaxValue, -1];
    private static readonly int[] _vcpus = [0, 1, 2, 255, 256, int.MaxValue, -1];
    private static readonly int[] _vlans = [0, 1, 2, 4094, 4095, 4096, -1, int.MaxValue];
    private static readonly int[] _orders = [int.MinValue, -1, 0, int.MaxValue];
    private static readonly int[] _quotas = [1, 100, ScenarioLimits.MaxCpuQuotaPercent, ScenarioLimits.MaxCpuQuotaPercent + 1, int.MaxValue, 0];
    private static readonly long[] _memoryLimitsMiB = [1, 4, ScenarioLimits.MaxMemoryMiB, ScenarioLimits.MaxMemoryMiB + 1, long.MaxValue / 1024];
    private static readonly int[] _shares = [1, 2, 1024, 262_144, 262_145, int.MaxValue];
    private static readonly int[] _counts = [0, 1, int.MaxValue, int.MinValue, -1];
    private static readonly long[] _capacities = [0, 1, ScenarioLimits.MaxDiskBytes, ScenarioLimits.MaxDiskBytes + 1, long.MaxValue];
    private static readonly int[] _manyVms = [255, 256, 300, 700];
    private static readonly int[] _manyInterfaces = [25, 26, 27, 40];
    private static readonly int[] _nameLengths = [1, 59, 60, 61, 64, 65, 300];
    private static readonly string[] _oddVmNames = ["-x", ".x", "a b", "ünï", "a/b", "a,b", "x.y_z-1", "UPPER"];

    /// <summary>A generated scenario with one to four boundary mutations.</summary>
    public static Gen<Scenario> Extreme { get; } =
        from scenario in NativeScenarioGenerators.Scenario
        from count in Gen.Choose(1, 4)
        from mutations in Mutation.ListOf(count)
        select mutations.Aggregate(scenario, (s, m) => m(s));

    /// <summary>A generated scenario with one value certainly out of range, and what the diagnostic should mention.</summary>
    public static Gen<(Scenario Scenario, string Mentions)> Invalid { get; } =
        from scenario in NativeScenarioGenerators.Scenario.Select(WithVmAndNetwork)
        from invalid in Gen.OneOf(
            Gen.Elements(256, int.MaxValue).Select(id => Bulk(1, [id]).Then(Pair($"if[{id}]"))),
            Gen.Elements(0, 4095, 4096).Select(vlan => Net(n => n with { Vlan = vlan }).Then(Pair("vlan"))),
            Gen.Elements(0, 256, int.MaxValue).Select(v => Vm(vm => vm with { Vcpus = v }).Then(Pair("vcpus"))),
            Gen.Elements(ScenarioLimits.MaxMemoryKiB + 1, long.MaxValue).Select(m => Vm(vm => vm with { MemoryKiB = m }).Then(Pair("mem"))),
            Gen.Elements(Max, int.MaxValue).Select(o => Bulk(1, [0]).Then(s => s with { AutoMac = new AutoMacSpec(o) }).Then(Pair("automac"))),
            Gen.Constant(((Func<Scenario, Scenario>)DerivedMacWritten).Then(Pair("fe:fd:"))),
            Gen.Elements(61, 300).Select(n => Vm(vm => vm with { Name = new string('v', n) }).Then(Pair(new string('v', 20)))),
            Gen.Elements("-x", "a b", "ünï").Select(n => Vm(vm => vm with { Name = n }).Then(Pair(n))),
            Gen.Constant(Bulk(1, [.. Enumerable.Range(0, ScenarioLimits.MaxInterfacesPerVm + 1)]).Then(Pair("interfaces"))),
            Gen.Elements(ScenarioLimits.MaxCpuQuotaPercent + 1, int.MaxValue).Select(q => Vm(vm => vm with { Qos = new QosSpec(CpuQuotaPercent: q) }).Then(Pair("cpu_quota"))),
            Gen.Elements(-1L, ScenarioLimits.MaxDiskBytes + 1).Select(c => Vm(vm => vm with { Disks = [new DiskSpec("d0", c)] }).Then(Pair("capacity"))))
        select invalid(scenario);

    private static Gen<Func<Scenario, Scenario>> Mutation => Gen.OneOf(
        Gen.Elements(_interfaceIds).Select(id => Vm(vm => vm.Interfaces.IsEmpty ? vm : vm with { Interfaces = [vm.Interfaces[0] with { Id = id }, .. vm.Interfaces.Skip(1)] })),
        Gen.Elements(_interfaceIds).Select(id => Bulk(1, [id])),
        Gen.Elements(_offsets).Select(o => (Func<Scenario, Scenario>)(s => s with { AutoMac = new AutoMacSpec(o) })),
        Gen.Elements(_memoriesKiB).Select(m => Vm(vm => vm with { MemoryKiB = m })),
        Gen.Elements(_memoriesKiB).Select(m => (Func<Scenario, Scenario>)(s => s with { Defaults = (s.Defaults ?? new VmDefaults()) with { MemoryKiB = m } })),
        Gen.Elements(_vcpus).Select(v => Vm(vm => vm with { Vcpus = v })),
        Gen.Elements(_vlans).Select(v => Net(n => n with { Vlan = v })),
        Gen.Elements(_orders).Select(o => Vm(vm => vm with { Order = o })),
        from quota in Gen.Elements(_quotas)
        from limit in Gen.Elements(_memoryLimitsMiB)
        from shares in Gen.Elements(_shares)
        select Vm(vm => vm with { Qos = new QosSpec(shares, quota, null, limit, null) }),
        Gen.Elements(_counts).Select(c => (Func<Scenario, Scenario>)(s => s.RedundancyGroups.IsEmpty ? s : s with
        {
            RedundancyGroups = [s.RedundancyGroups[0] with { Model = RedundancyModel.NPlusM, Actives = c, Standbys = c }, .. s.RedundancyGroups.Skip(1)],
        })),
        Gen.Elements(_capacities).Select(c => Vm(vm => vm with { Disks = [new DiskSpec("d0", c)] })),
        Gen.Elements(_manyVms).Select(n => Bulk(n, [0, 255])),
        Gen.Elements(_manyInterfaces).Select(n => Bulk(1, [.. Enumerable.Range(256 - n, n)])),
        Gen.Elements(_nameLengths).Select(n => RenameVm(new string('v', n))),
        Gen.Elements(_oddVmNames).Select(RenameVm),
        Gen.Elements(_nameLengths).Select(n => (Func<Scenario, Scenario>)(s => s with { Name = new string('s', n) })),
        Gen.Elements(_nameLengths).Select(n => RenameNetwork(new string('n', n))),
        Gen.Constant<Func<Scenario, Scenario>>(DerivedMacWritten));

    /// <summary>The scenario with at least one VM and one network, so a mutation of the first one always lands.</summary>
    private static Scenario WithVmAndNetwork(Scenario s)
    {
        var withNetwork = s.Networks.IsEmpty ? s with { Networks = [new NetworkSpec("first-net")] } : s;
        return withNetwork.Vms.IsEmpty ? withNetwork with { Vms = [new VmSpec("first-vm")] } : withNetwork;
    }

    /// <summary>Applies <paramref name="change"/> to the first VM (if any).</summary>
    private static Func<Scenario, Scenario> Vm(Func<VmSpec, VmSpec> change) =>
        s => s.Vms.IsEmpty ? s : s with { Vms = [change(s.Vms[0]), .. s.Vms.Skip(1)] };

    private static Func<Scenario, Scenario> Net(Func<NetworkSpec, NetworkSpec> change) =>
        s => s.Networks.IsEmpty ? s : s with { Networks = [change(s.Networks[0]), .. s.Networks.Skip(1)] };

    /// <summary>Adds a LAN and <paramref name="vms"/> VMs on it, each with interfaces of the given ids and no MAC (automac).</summary>
    private static Func<Scenario, Scenario> Bulk(int vms, int[] interfaceIds) => s =>
    {
        var network = "bulk" + s.Networks.Count.ToString(CultureInfo.InvariantCulture);
        var added = Enumerable.Range(0, vms).Select(i => new VmSpec(
            $"{network}-{i.ToString(CultureInfo.InvariantCulture)}",
            Interfaces: ValueList.From(interfaceIds.Select(id => new InterfaceSpec(id, network)))));
        return s with { Networks = s.Networks.Add(new NetworkSpec(network)), Vms = ValueList.From(s.Vms.Concat(added)) };
    };

    /// <summary>Renames the first VM everywhere it is named (groups, rules), so only the name itself can be wrong.</summary>
    private static Func<Scenario, Scenario> RenameVm(string name) => s =>
    {
        if (s.Vms.IsEmpty || s.FindVm(name) is not null)
        {
            return s;
        }

        var old = s.Vms[0].Name;
        string Swap(string n) => n == old ? name : n;
        return s with
        {
            Vms = [s.Vms[0] with { Name = name }, .. s.Vms.Skip(1)],
            RedundancyGroups = ValueList.From(s.RedundancyGroups.Select(g => g with { Members = ValueList.From(g.Members.Select(Swap)) })),
            PlacementRules = ValueList.From(s.PlacementRules.Select(r => r with { Vms = ValueList.From(r.Vms.Select(Swap)) })),
        };
    };

    /// <summary>Renames the first network everywhere it is named (interfaces, host interfaces, rules).</summary>
    private static Func<Scenario, Scenario> RenameNetwork(string name) => s =>
    {
        if (s.Networks.IsEmpty || s.FindNetwork(name) is not null)
        {
            return s;
        }

        var old = s.Networks[0].Name;
        string Swap(string n) => n == old ? name : n;
        return s with
        {
            Networks = [s.Networks[0] with { Name = name }, .. s.Networks.Skip(1)],
            Vms = ValueList.From(s.Vms.Select(vm => vm with { Interfaces = ValueList.From(vm.Interfaces.Select(i => i with { Network = Swap(i.Network) })) })),
            Host = s.Host is { } host ? host with { Interfaces = ValueList.From(host.Interfaces.Select(i => i with { Network = Swap(i.Network) })) } : null,
            PlacementRules = ValueList.From(s.PlacementRules.Select(r => r with { Networks = ValueList.From(r.Networks.Select(Swap)) })),
        };
    };

    /// <summary>Adds a VM with an automac interface and another whose written MAC is exactly the MAC automac derives for it.</summary>
    private static Scenario DerivedMacWritten(Scenario scenario)
    {
        var withDerived = Bulk(1, [7])(scenario);
        var owner = withDerived.Vms[^1];
        var number = AutoMacAddresses.BootOrder(withDerived).ToList().IndexOf(owner) + 1;
        var offset = withDerived.AutoMac?.Offset ?? 0;
        if (!AutoMacAddresses.Fits(number, 7, offset))
        {
            return withDerived;
        }

        var mac = AutoMacAddresses.Derive(number, 7, offset);
        var copier = new VmSpec("copier", Interfaces: [new InterfaceSpec(0, owner.Interfaces[0].Network, mac)]);
        return withDerived.FindVm("copier") is null ? withDerived with { Vms = withDerived.Vms.Add(copier) } : withDerived;
    }

    private static Func<Scenario, (Scenario, string)> Pair(string mentions) => s => (s, mentions);

    private static Func<Scenario, TOut> Then<TOut>(this Func<Scenario, Scenario> first, Func<Scenario, TOut> next) => s => next(first(s));
}
