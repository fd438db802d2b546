using Nines.Domain.Diagnostics;
using Nines.Domain.Scenarios;

namespace Nines.Scheduling.Rules;

/// <summary>A rule with the VM indices it applies to, the host it names (or -1) and how to cite it.</summary>
internal sealed record ResolvedRule(PlacementRule Rule, int[] Vms, int Host, Citation Citation, SourceLocation Location)
{
    /// <summary>The EDIV element name of the rule, used as the diagnostic field.</summary>
    public string Field => RuleText.KindName(Rule.Kind);
}
