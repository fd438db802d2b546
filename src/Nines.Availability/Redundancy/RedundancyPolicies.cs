using Nines.Domain.Scenarios;

namespace Nines.Availability.Redundancy;

/// <summary>The policy of each redundancy model.</summary>
public static class RedundancyPolicies
{
    /// <summary>The policy implementing <paramref name="model"/>.</summary>
    public static IRedundancyPolicy For(RedundancyModel model) => model switch
    {
        RedundancyModel.TwoN => new TwoNRedundancyPolicy(),
        RedundancyModel.NPlusM => new NPlusMRedundancyPolicy(),
        RedundancyModel.NWayActive => new NWayActiveRedundancyPolicy(),
        RedundancyModel.None => new NoRedundancyPolicy(),
        _ => throw new ArgumentOutOfRangeException(nameof(model), model, "unknown redundancy model"),
    };
}
