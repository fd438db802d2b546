namespace Nines.Scheduling.Rules;

/// <summary>Affinity groups and anti-affinity: merging, and explaining every conflict with the rules behind it.</summary>
internal sealed partial class RuleResolver
{
    /// <summary>
    /// Joins the members of an affinity / net_deploy_together rule into one group. The first member whose
    /// group is pinned sets the host; a member whose group is pinned elsewhere is a conflict and stays out.
    /// </summary>
    private void Tie(ResolvedRule rule)
    {
        At(rule);
        int anchorMember = -1, anchorPin = -1;
        var kept = new List<int>(rule.Vms.Length);
        foreach (var member in rule.Vms)
        {
            var pinned = _rootPin[_groups.Find(member)];
            if (pinned >= 0)
            {
                if (anchorPin < 0)
                {
                    (anchorMember, anchorPin) = (member, pinned);
                }
                else if (_pinHost[pinned] != _pinHost[anchorPin])
                {
                    var chain = _ties.Path(pinned, anchorPin, new Tie(member, anchorMember, rule.Citation));
                    Conflict($"rules conflict: {_pinCitation[pinned]} pins {_vmNames[pinned]} to {_hostNames[_pinHost[pinned]]}, " +
                        $"but {Describe(chain)}, which {_pinCitation[anchorPin]} pins to {_hostNames[_pinHost[anchorPin]]}");
                    continue;
                }
            }

            kept.Add(member);
        }

        for (var i = 1; i < kept.Count; i++)
        {
            if (_groups.Find(kept[0]) != _groups.Find(kept[i]))
            {
                _ties.Add(kept[0], kept[i], rule.Citation);
                _groups.Union(kept[0], kept[i]);
            }
        }

        if (kept.Count > 0)
        {
            _rootPin[_groups.Find(kept[0])] = anchorPin;
        }
    }

    /// <summary>
    /// EDIV's size check, then the conflicts: two members tied into one group, or two members pinned to
    /// one host. Returns whether the rule can be used.
    /// </summary>
    private bool CheckAntiAffinity(ResolvedRule rule)
    {
        At(rule);
        if (rule.Vms.Length > _hostNames.Length)
        {
            _diagnostics.Error(SchedulingDiagnosticCodes.AntiAffinityTooLarge, rule.Location, rule.Field,
                $"{rule.Rule} keeps {rule.Vms.Length} vms apart, but the cluster has only {_hostNames.Length} " +
                $"host{(_hostNames.Length == 1 ? string.Empty : "s")} (expected at most {_hostNames.Length} vms)");
            return false;
        }

        var ok = true;
        var byGroup = new Dictionary<int, int>();
        var byHost = new Dictionary<int, int>();
        foreach (var member in rule.Vms)
        {
            var root = _groups.Find(member);
            if (byGroup.TryGetValue(root, out var other))
            {
                ok = false;
                Conflict($"rules conflict: {rule.Citation} keeps {_vmNames[other]} and {_vmNames[member]} apart, " +
                    $"but {Describe(_ties.Path(other, member))}");
                continue;
            }

            byGroup[root] = member;
            var pinned = _rootPin[root];
            if (pinned < 0)
            {
                continue;
            }

            if (byHost.TryGetValue(_pinHost[pinned], out other))
            {
                ok = false;
                Conflict($"rules conflict: {rule.Citation} keeps {_vmNames[other]} and {_vmNames[member]} apart, " +
                    $"but {DescribePin(other)}, while {DescribePin(member)}");
            }
            else
            {
                byHost[_pinHost[pinned]] = member;
            }
        }

        return ok;
    }

    /// <summary><c>affinity(R3, R2) (f:12:1) ties R2 to R3, and … ties R3 to R4</c>.</summary>
    private string Describe(IReadOnlyList<Tie> chain) =>
        string.Join(", and ", chain.Select(t => $"{t.Citation} ties {_vmNames[t.From]} to {_vmNames[t.To]}"));

    /// <summary>Why <paramref name="vm"/> is pinned: the pin itself, and the ties from the pinned VM when it is another.</summary>
    private string DescribePin(int vm)
    {
        var pinned = _rootPin[_groups.Find(vm)];
        var pin = $"{_pinCitation[pinned]} pins {_vmNames[pinned]} to {_hostNames[_pinHost[pinned]]}";
        return pinned == vm ? pin : $"{pin} and {Describe(_ties.Path(pinned, vm))}";
    }
}
