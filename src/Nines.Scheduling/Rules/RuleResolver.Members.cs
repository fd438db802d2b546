using Nines.Domain.Scenarios;

namespace Nines.Scheduling.Rules;

/// <summary>Collecting the rules and resolving the VMs, networks and hosts they name.</summary>
internal sealed partial class RuleResolver
{
    /// <summary>
    /// The request's rules plus the scenario's own (unless already passed in), stably sorted into EDIV's
    /// order, which <see cref="PlacementRuleKind"/> follows. Rules naming unknown things are reported and dropped.
    /// </summary>
    private List<ResolvedRule> CollectRules()
    {
        var located = new List<LocatedRule>(_request.Rules);
        var passed = new HashSet<PlacementRule>(located.Select(r => r.Rule), ReferenceEqualityComparer.Instance);
        foreach (var rule in _request.Scenario.PlacementRules)
        {
            if (!passed.Contains(rule))
            {
                located.Add(new LocatedRule(rule, ScenarioLocation));
            }
        }

        var resolved = new List<ResolvedRule>(located.Count);
        foreach (var rule in located.OrderBy(r => r.Rule.Kind))
        {
            if (Resolve(rule) is { } ok)
            {
                resolved.Add(ok);
            }
        }

        return resolved;
    }

    private ResolvedRule? Resolve(LocatedRule located)
    {
        var rule = located.Rule;
        var field = RuleText.KindName(rule.Kind);
        var valid = true;
        var vms = new List<int>(rule.Vms.Count);
        HashSet<int>? seen = null;
        foreach (var name in rule.Vms)
        {
            if (_vmIndex.TryGetValue(name, out var vm))
            {
                AddMember(vm);
            }
            else
            {
                valid = false;
                _diagnostics.Error(SchedulingDiagnosticCodes.UnknownVm, located.Location, $"{field}/vm",
                    $"{rule} names unknown vm \"{name}\" (expected a vm of scenario \"{_request.Scenario.Name}\")");
            }
        }

        foreach (var network in rule.Networks)
        {
            if (VmsOn(network) is { } members)
            {
                members.ForEach(AddMember);
            }
            else
            {
                valid = false;
                _diagnostics.Error(SchedulingDiagnosticCodes.UnknownNetwork, located.Location, $"{field}/net",
                    $"{rule} names unknown network \"{network}\" (expected a network of scenario \"{_request.Scenario.Name}\")");
            }
        }

        var host = -1;
        if (rule.Kind is PlacementRuleKind.NetworkAt or PlacementRuleKind.VmAt)
        {
            if (string.IsNullOrEmpty(rule.Host))
            {
                valid = false;
                _diagnostics.Error(SchedulingDiagnosticCodes.UnknownHost, located.Location, $"{field}/host",
                    $"{rule} names no host (expected one of {HostList()})");
            }
            else if (!_hostIndex.TryGetValue(rule.Host, out host))
            {
                valid = false;
                _diagnostics.Error(SchedulingDiagnosticCodes.UnknownHost, located.Location, $"{field}/host",
                    $"{rule} names unknown host \"{rule.Host}\" (expected one of {HostList()})");
            }
        }

        return valid ? new ResolvedRule(rule, [.. vms], host, new Citation(located), located.Location) : null;

        void AddMember(int vm)
        {
            // Only VMs being placed take part; a rule about a VM outside the request constrains nothing here.
            if (!_considered[vm])
            {
                return;
            }

            // Most rules name a handful of VMs: a linear check beats allocating a set for each of them.
            if (vms.Count < 16 ? !vms.Contains(vm) : (seen ??= [.. vms]).Add(vm))
            {
                vms.Add(vm);
            }
        }
    }

    /// <summary>The VMs with an interface on <paramref name="network"/>, in document order; null when the network is unknown.</summary>
    private List<int>? VmsOn(string network)
    {
        if (_vmsByNetwork is null)
        {
            _vmsByNetwork = new Dictionary<string, List<int>>(StringComparer.Ordinal);
            foreach (var known in _request.Scenario.Networks)
            {
                _vmsByNetwork.TryAdd(known.Name, []);
            }

            var vms = _request.Scenario.Vms;
            for (var vm = 0; vm < vms.Count; vm++)
            {
                foreach (var name in vms[vm].NetworkNames)
                {
                    _vmsByNetwork.GetValueOrDefault(name)?.Add(vm);
                }
            }
        }

        return _vmsByNetwork.GetValueOrDefault(network);
    }
}
