using Nines.Domain;
using Nines.Domain.Scenarios;

namespace Nines.Scenarios.Restrictions;

/// <summary>
/// EDIV deployment restrictions as placement rules, in document order, each with where it was written.
/// The scheduler applies them in EDIV's order (net_deploy_at, vm_deploy_at, affinity, net_deploy_together, antiaffinity).
/// </summary>
public sealed record RestrictionSet(ValueList<LocatedRule> Rules);
