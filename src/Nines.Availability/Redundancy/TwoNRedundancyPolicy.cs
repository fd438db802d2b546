using Nines.Availability.Model;
using Nines.Domain.Scenarios;

namespace Nines.Availability.Redundancy;

/// <summary>
/// 2N: one active unit and one standby unit for the group's instances (N+M with N = M = 1, whatever the
/// group's own numbers say).
/// </summary>
public sealed class TwoNRedundancyPolicy : IRedundancyPolicy
{
    private readonly NPlusMRedundancyPolicy _inner = new();

    /// <inheritdoc/>
    public RedundancyModel Model => RedundancyModel.TwoN;

    /// <inheritdoc/>
    public AssignmentPlan Plan(ServiceGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        return _inner.Plan(group with { ActiveUnits = 1, StandbyUnits = 1 });
    }
}
