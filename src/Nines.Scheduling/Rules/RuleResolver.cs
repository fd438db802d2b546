using Nines.Domain.Diagnostics;
using Nines.Domain.Scenarios;

namespace Nines.Scheduling.Rules;

/// <summary>
/// Turns a <see cref="PlacementRequest"/> and its rules into a <see cref="PlacementProblem"/>, in EDIV's
/// order: <c>net_deploy_at</c>, <c>vm_deploy_at</c> (pins), <c>affinity</c>, <c>net_deploy_together</c>
/// (groups), <c>antiaffinity</c>. Every unknown name and every conflict between hard rules is collected
/// as an error; soft rules never conflict, they only become preferences.
/// </summary>
internal sealed partial class RuleResolver
{
    private readonly PlacementRequest _request;
    private readonly DiagnosticBag _diagnostics = new();
    private readonly string[] _vmNames;
    private readonly Dictionary<string, int> _vmIndex;
    private readonly bool[] _considered;
    private readonly string[] _hostNames;
    private readonly Dictionary<string, int> _hostIndex;
    private readonly int[] _pinHost;
    private readonly Citation?[] _pinCitation;
    private readonly int[] _rootPin;
    private readonly UnionFind _groups;
    private readonly TieGraph _ties = new();
    private Dictionary<string, List<int>>? _vmsByNetwork;
    private SourceLocation _currentLocation;
    private string? _currentField;

    private RuleResolver(PlacementRequest request)
    {
        _request = request;
        var vms = request.Scenario.Vms;
        _vmNames = new string[vms.Count];
        _vmIndex = new Dictionary<string, int>(vms.Count, StringComparer.Ordinal);
        for (var i = 0; i < vms.Count; i++)
        {
            _vmNames[i] = vms[i].Name;
            _vmIndex.TryAdd(vms[i].Name, i);
        }

        var hosts = request.Cluster.Hosts;
        _hostNames = new string[hosts.Count];
        _hostIndex = new Dictionary<string, int>(hosts.Count * 2, StringComparer.Ordinal);
        for (var i = 0; i < hosts.Count; i++)
        {
            _hostNames[i] = hosts[i].Name;
            _hostIndex.TryAdd(hosts[i].Name, i);
        }

        // EDIV restriction files name hosts by their DNS name (kofy.dit.upm.es); accept it after the cluster names.
        for (var i = 0; i < hosts.Count; i++)
        {
            if (!string.IsNullOrEmpty(hosts[i].Address))
            {
                _hostIndex.TryAdd(hosts[i].Address!, i);
            }
        }

        _considered = new bool[vms.Count];
        _pinHost = new int[vms.Count];
        _pinCitation = new Citation?[vms.Count];
        _rootPin = new int[vms.Count];
        Array.Fill(_pinHost, -1);
        _groups = new UnionFind(vms.Count);
        _currentLocation = ScenarioLocation;
    }

    public static PlacementProblem Resolve(PlacementRequest request) => new RuleResolver(request).Run();

    private PlacementProblem Run()
    {
        if (_hostNames.Length == 0)
        {
            _diagnostics.Error(SchedulingDiagnosticCodes.NoHosts, ScenarioLocation, "cluster/hosts",
                "the cluster has no hosts, so no vm can be placed (expected at least one host)");
        }

        MarkConsidered();
        var rules = CollectRules();
        foreach (var rule in rules.Where(r => r.Rule.Hard && r.Host >= 0))
        {
            At(rule);
            foreach (var vm in rule.Vms)
            {
                Pin(vm, rule.Host, rule.Citation);
            }
        }

        for (var vm = 0; vm < _rootPin.Length; vm++)
        {
            _rootPin[vm] = _pinHost[vm] >= 0 ? vm : -1;
        }

        foreach (var rule in rules.Where(r => r.Rule.Hard && IsGrouping(r.Rule.Kind)))
        {
            Tie(rule);
        }

        var antiAffinity = new List<ResolvedRule>();
        foreach (var rule in rules.Where(r => r.Rule.Hard && r.Rule.Kind == PlacementRuleKind.AntiAffinity))
        {
            if (CheckAntiAffinity(rule))
            {
                antiAffinity.Add(rule);
            }
        }

        return BuildProblem(antiAffinity, [.. rules.Where(r => !r.Rule.Hard)]);
    }

    private SourceLocation ScenarioLocation => SourceLocation.OfFile(_request.Scenario.Name);

    private static bool IsGrouping(PlacementRuleKind kind) =>
        kind is PlacementRuleKind.Affinity or PlacementRuleKind.NetworkTogether;

    /// <summary>VMs outside <see cref="PlacementRequest.VmsToPlace"/> take no part, unless statically assigned.</summary>
    private void MarkConsidered()
    {
        if (_request.VmsToPlace is not { } subset)
        {
            Array.Fill(_considered, true);
        }
        else
        {
            foreach (var name in subset)
            {
                if (_vmIndex.TryGetValue(name, out var vm))
                {
                    _considered[vm] = true;
                }
                else
                {
                    _diagnostics.Error(SchedulingDiagnosticCodes.UnknownVm, ScenarioLocation, "vms_to_place",
                        $"the vms to place name unknown vm \"{name}\" (expected a vm of scenario \"{_request.Scenario.Name}\")");
                }
            }
        }

        foreach (var (name, host) in _request.StaticAssignment ?? new Dictionary<string, string>())
        {
            var known = _vmIndex.TryGetValue(name, out var vm);
            if (!known)
            {
                _diagnostics.Error(SchedulingDiagnosticCodes.UnknownVm, ScenarioLocation, $"static_assignment[{name}]",
                    $"the static assignment names unknown vm \"{name}\" (expected a vm of scenario \"{_request.Scenario.Name}\")");
            }

            if (!_hostIndex.TryGetValue(host, out var hostIndex))
            {
                _diagnostics.Error(SchedulingDiagnosticCodes.UnknownHost, ScenarioLocation, $"static_assignment[{name}]",
                    $"the static assignment puts \"{name}\" on unknown host \"{host}\" (expected one of {HostList()})");
            }
            else if (known)
            {
                _considered[vm] = true;
                _currentField = $"static_assignment[{name}]";
                Pin(vm, hostIndex, Citation.StaticAssignment);
            }
        }
    }

    /// <summary>Hard pins: the first pin of a VM holds; a later pin to another host is a conflict naming both.</summary>
    private void Pin(int vm, int host, Citation citation)
    {
        if (!_considered[vm])
        {
            return;
        }

        if (_pinHost[vm] < 0)
        {
            _pinHost[vm] = host;
            _pinCitation[vm] = citation;
        }
        else if (_pinHost[vm] != host)
        {
            var vmName = _vmNames[vm];
            Conflict($"rules conflict: {_pinCitation[vm]} pins {vmName} to {_hostNames[_pinHost[vm]]}, " +
                $"but {citation} pins {vmName} to {_hostNames[host]}");
        }
    }

    /// <summary>Makes the diagnostics that follow point at <paramref name="rule"/>.</summary>
    private void At(ResolvedRule rule)
    {
        _currentLocation = rule.Location;
        _currentField = rule.Field;
    }

    private void Conflict(string message) =>
        _diagnostics.Error(SchedulingDiagnosticCodes.RulesConflict, _currentLocation, _currentField, message);

    private string HostList() =>
        _hostNames.Length <= 10
            ? string.Join(", ", _hostNames)
            : string.Join(", ", _hostNames.Take(10)) + $", … ({_hostNames.Length} hosts)";
}
