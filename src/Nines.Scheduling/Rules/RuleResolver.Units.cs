using Nines.Domain.Scenarios;

namespace Nines.Scheduling.Rules;

/// <summary>Building the indexed problem: VM demands, host capacities, units, anti-affinity sets, soft preferences.</summary>
internal sealed partial class RuleResolver
{
    private PlacementProblem BuildProblem(List<ResolvedRule> antiAffinity, List<ResolvedRule> softRules)
    {
        var scenario = _request.Scenario;
        var vmCount = _vmNames.Length;
        var memory = new long[vmCount];
        var vcpus = new int[vmCount];
        for (var vm = 0; vm < vmCount; vm++)
        {
            var effective = scenario.Effective(scenario.Vms[vm]);

            // A VM that states no memory (and inherits none) counts as 0 MiB: the planner does not invent sizes.
            memory[vm] = effective.MemoryMiB ?? 0;
            vcpus[vm] = effective.Vcpus ?? 1;
        }

        // Units numbered by their first VM in document order; members gathered in two passes (count, fill).
        var unitOfVm = new int[vmCount];
        var unitOfRoot = new int[vmCount];
        Array.Fill(unitOfRoot, -1);
        var sizes = new List<int>();
        for (var vm = 0; vm < vmCount; vm++)
        {
            if (!_considered[vm])
            {
                unitOfVm[vm] = -1;
                continue;
            }

            var root = _groups.Find(vm);
            if (unitOfRoot[root] < 0)
            {
                unitOfRoot[root] = sizes.Count;
                sizes.Add(0);
            }

            unitOfVm[vm] = unitOfRoot[root];
            sizes[unitOfVm[vm]]++;
        }

        var members = new int[sizes.Count][];
        var filled = new int[sizes.Count];
        for (var unit = 0; unit < members.Length; unit++)
        {
            members[unit] = new int[sizes[unit]];
        }

        for (var vm = 0; vm < vmCount; vm++)
        {
            if (unitOfVm[vm] >= 0)
            {
                members[unitOfVm[vm]][filled[unitOfVm[vm]]++] = vm;
            }
        }

        var units = new PlacementUnit[members.Length];
        long minMemory = long.MaxValue, minVcpus = long.MaxValue;
        for (var unit = 0; unit < units.Length; unit++)
        {
            long unitMemory = 0, unitVcpus = 0;
            foreach (var vm in members[unit])
            {
                unitMemory += memory[vm];
                unitVcpus += vcpus[vm];
            }

            var pinned = _rootPin[_groups.Find(members[unit][0])];
            units[unit] = new PlacementUnit
            {
                Vms = members[unit],
                MemoryMiB = unitMemory,
                Vcpus = unitVcpus,
                PinnedHost = pinned >= 0 ? _pinHost[pinned] : -1,
                PinnedBy = pinned >= 0 ? _pinCitation[pinned] : null,
            };
            if (pinned < 0)
            {
                minMemory = Math.Min(minMemory, unitMemory);
                minVcpus = Math.Min(minVcpus, unitVcpus);
            }
        }

        var hard = ToSets(antiAffinity, unitOfVm, units, soft: false);
        var soft = ToSets([.. softRules.Where(r => r.Rule.Kind == PlacementRuleKind.AntiAffinity)], unitOfVm, units, soft: true);
        AddSoftPreferences(softRules, unitOfVm, units);
        var hosts = _request.Cluster.Hosts;
        return new PlacementProblem
        {
            ScenarioName = scenario.Name,
            VmNames = _vmNames,
            VmMemoryMiB = memory,
            VmVcpus = vcpus,
            UnitOfVm = unitOfVm,
            HostNames = _hostNames,

            // EDIV's conventions: 0 memory means "not stated" and 0 max_vms means unlimited; null vCPUs is unlimited.
            HostMemoryMiB = [.. hosts.Select(h => h.MemoryMiB > 0 ? h.MemoryMiB : PlacementProblem.Unlimited)],
            HostVcpus = [.. hosts.Select(h => h.Vcpus is { } v ? (long)Math.Max(v, 0) : PlacementProblem.Unlimited)],
            HostMaxVms = [.. hosts.Select(h => h.MaxVms > 0 ? h.MaxVms : PlacementProblem.Unlimited)],
            HostWeight = [.. hosts.Select(h => Math.Max(h.CpuSpeed, 0) * (1 - Math.Clamp(h.Load, 0, 1)))],
            Units = units,
            AntiAffinity = hard,
            SoftAntiAffinity = soft,
            SoftRules = [.. softRules],
            Diagnostics = _diagnostics.ToSortedList(),
            HasErrors = _diagnostics.HasErrors,
            MinUnitMemoryMiB = minMemory == long.MaxValue ? 0 : minMemory,
            MinUnitVcpus = minVcpus == long.MaxValue ? 0 : minVcpus,
        };
    }

    /// <summary>Anti-affinity rules over units; each unit learns the ids of the rules it is in.</summary>
    private AntiAffinitySet[] ToSets(List<ResolvedRule> rules, int[] unitOfVm, PlacementUnit[] units, bool soft)
    {
        var sets = new AntiAffinitySet[rules.Count];
        var perUnit = new Dictionary<int, List<int>>();
        for (var id = 0; id < rules.Count; id++)
        {
            var rule = rules[id];
            var setUnits = DistinctUnits(rule.Vms, unitOfVm);
            sets[id] = new AntiAffinitySet(setUnits, rule.Vms, rule.Citation);
            foreach (var unit in setUnits)
            {
                if (!perUnit.TryGetValue(unit, out var list))
                {
                    perUnit[unit] = list = [];
                }

                list.Add(id);
            }
        }

        foreach (var (unit, ids) in perUnit)
        {
            if (soft)
            {
                units[unit].SoftAntiAffinity = [.. ids];
            }
            else
            {
                units[unit].AntiAffinity = [.. ids];
            }
        }

        return sets;
    }

    private static int[] DistinctUnits(int[] vms, int[] unitOfVm)
    {
        if (vms.Length > 16)
        {
            return [.. vms.Select(vm => unitOfVm[vm]).Distinct()];
        }

        var units = new List<int>(vms.Length);
        foreach (var vm in vms)
        {
            if (!units.Contains(unitOfVm[vm]))
            {
                units.Add(unitOfVm[vm]);
            }
        }

        return [.. units];
    }

    /// <summary>Soft pins become preferred hosts; soft affinity makes units prefer each other's host.</summary>
    private static void AddSoftPreferences(List<ResolvedRule> softRules, int[] unitOfVm, PlacementUnit[] units)
    {
        foreach (var rule in softRules)
        {
            var ruleUnits = DistinctUnits(rule.Vms, unitOfVm);
            if (rule.Host >= 0)
            {
                foreach (var unit in ruleUnits)
                {
                    (units[unit].SoftHosts ??= []).Add(rule.Host);
                }
            }
            else if (rule.Rule.Kind is PlacementRuleKind.Affinity or PlacementRuleKind.NetworkTogether)
            {
                foreach (var unit in ruleUnits)
                {
                    var mates = units[unit].SoftMates ??= [];
                    mates.AddRange(ruleUnits.Where(u => u != unit));
                }
            }
        }
    }
}
