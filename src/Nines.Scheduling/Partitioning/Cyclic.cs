namespace Nines.Scheduling.Partitioning;

/// <summary>The host search the round robins share: walk the hosts cyclically from a start.</summary>
internal static class Cyclic
{
    /// <summary>
    /// The first host from <paramref name="start"/> on that hard rules allow and <paramref name="eligible"/>
    /// accepts, preferring one soft anti-affinity allows too; -1 when none.
    /// </summary>
    public static int FirstAllowed(PlacementState state, int unit, int start, Func<int, bool> eligible)
    {
        var count = state.Problem.HostCount;
        var fallback = -1;
        for (var step = 0; step < count; step++)
        {
            var host = (start + step) % count;
            if (!eligible(host) || !state.Allows(unit, host))
            {
                continue;
            }

            if (state.SoftAntiAffinityAllows(unit, host))
            {
                return host;
            }

            if (fallback < 0)
            {
                fallback = host;
            }
        }

        return fallback;
    }
}
