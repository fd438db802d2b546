using Nines.Availability.Model;
using Nines.Domain.Scenarios;

namespace Nines.Availability.Tests;

/// <summary>Small groups for the tests, built the way the controller will build them: from a spec and a placement.</summary>
internal static class Groups
{
    public static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>2N: a on h1, b on h2.</summary>
    public static ServiceGroup TwoN() => Build(RedundancyModel.TwoN, ("a", "h1"), ("b", "h2"));

    /// <summary>N+M with 2+1: a on h1, b on h2, c on h3.</summary>
    public static ServiceGroup TwoPlusOne() => Build(RedundancyModel.NPlusM, 2, 1, ("a", "h1"), ("b", "h2"), ("c", "h3"));

    public static ServiceGroup Build(RedundancyModel model, params (string Unit, string Host)[] members) =>
        Build(model, null, null, members);

    public static ServiceGroup Build(RedundancyModel model, int? actives, int? standbys, params (string Unit, string Host)[] members)
    {
        var spec = new RedundancyGroupSpec("svc", model, [.. members.Select(m => m.Unit)], actives, standbys);
        return ServiceGroupBuilder.FromSpec(spec, members.ToDictionary(m => m.Unit, m => m.Host));
    }
}
