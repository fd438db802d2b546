using Nines.Domain.Diagnostics;
using Nines.Scheduling.Rules;

namespace Nines.Scheduling.Partitioning;

/// <summary>Turns the unit-level result back into per-VM placements, unplaced VMs and diagnostics.</summary>
internal static class AllocationBuilder
{
    public static Allocation Build(PlacementProblem problem, PlacementState state)
    {
        var placements = new List<VmPlacement>(problem.VmNames.Length);
        var unplaced = new List<UnplacedVm>();
        var diagnostics = new List<Diagnostic>(problem.Diagnostics);
        var hostOfVm = new int[problem.VmNames.Length];
        for (var vm = 0; vm < hostOfVm.Length; vm++)
        {
            var unit = problem.UnitOfVm[vm];
            hostOfVm[vm] = unit >= 0 ? state.HostOfUnit[unit] : -1;
            if (unit < 0)
            {
                continue;
            }

            var name = problem.VmNames[vm];
            if (hostOfVm[vm] >= 0)
            {
                placements.Add(new VmPlacement(name, problem.HostNames[hostOfVm[vm]]));
            }
            else
            {
                var reason = state.Failure[unit] ?? "found no host";
                unplaced.Add(new UnplacedVm(name, reason));
                diagnostics.Add(Diagnostic.Error(SchedulingDiagnosticCodes.VmUnplaced, problem.ScenarioLocation, $"vm[{name}]",
                    $"vm \"{name}\" cannot be placed: {reason}"));
            }
        }

        diagnostics.AddRange(SoftRuleChecker.Check(problem, hostOfVm));
        return new Allocation(placements, unplaced, diagnostics);
    }

    /// <summary>Nothing placed: every VM of the request is returned unplaced with <paramref name="reason"/>.</summary>
    public static Allocation Rejected(PlacementProblem problem, string reason)
    {
        var unplaced = new List<UnplacedVm>();
        for (var vm = 0; vm < problem.VmNames.Length; vm++)
        {
            if (problem.UnitOfVm[vm] >= 0)
            {
                unplaced.Add(new UnplacedVm(problem.VmNames[vm], reason));
            }
        }

        return new Allocation([], unplaced, new List<Diagnostic>(problem.Diagnostics));
    }
}
