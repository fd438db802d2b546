using Nines.Domain.Diagnostics;
using Nines.Domain.Scenarios;
using Nines.Scheduling.Rules;

namespace Nines.Scheduling.Partitioning;

/// <summary>
/// Checks each soft rule against the finished placement and warns about the ones not honoured. Checking the
/// result, rather than tracking each decision, catches every cause: a hard rule, capacity, another soft rule.
/// </summary>
internal static class SoftRuleChecker
{
    public static IEnumerable<Diagnostic> Check(PlacementProblem problem, int[] hostOfVm)
    {
        foreach (var rule in problem.SoftRules)
        {
            var placed = rule.Vms.Where(vm => hostOfVm[vm] >= 0).ToList();
            var broken = rule.Rule.Kind switch
            {
                PlacementRuleKind.NetworkAt or PlacementRuleKind.VmAt => Pins(problem, rule, placed, hostOfVm),
                PlacementRuleKind.AntiAffinity => Apart(problem, placed, hostOfVm),
                _ => Together(problem, placed, hostOfVm),
            };
            if (broken is not null)
            {
                yield return Diagnostic.Warning(SchedulingDiagnosticCodes.SoftRuleBroken, rule.Location, rule.Field,
                    $"{rule.Citation} not honoured: {broken}");
            }
        }
    }

    private static string? Pins(PlacementProblem problem, ResolvedRule rule, List<int> placed, int[] hostOfVm)
    {
        var elsewhere = placed.Where(vm => hostOfVm[vm] != rule.Host)
            .Select(vm => $"{problem.VmNames[vm]} is on {problem.HostNames[hostOfVm[vm]]}")
            .ToList();
        return elsewhere.Count == 0 ? null : string.Join(", ", elsewhere);
    }

    private static string? Together(PlacementProblem problem, List<int> placed, int[] hostOfVm)
    {
        var byHost = placed.GroupBy(vm => hostOfVm[vm]).ToList();
        return byHost.Count <= 1
            ? null
            : "its vms are split over " + string.Join(", ", byHost.Select(g =>
                $"{problem.HostNames[g.Key]} ({string.Join(", ", g.Select(vm => problem.VmNames[vm]))})"));
    }

    private static string? Apart(PlacementProblem problem, List<int> placed, int[] hostOfVm)
    {
        var shared = placed.GroupBy(vm => hostOfVm[vm]).Where(g => g.Count() > 1).ToList();
        return shared.Count == 0
            ? null
            : string.Join("; ", shared.Select(g =>
                $"{string.Join(" and ", g.Select(vm => problem.VmNames[vm]))} share {problem.HostNames[g.Key]}"));
    }
}
