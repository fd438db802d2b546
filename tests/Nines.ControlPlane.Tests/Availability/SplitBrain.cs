using Nines.Availability.Engine;
using Nines.Availability.Model;

namespace Nines.ControlPlane.Tests.Availability;

/// <summary>Replays an engine's transition log and finds every moment two units served one instance.</summary>
internal static class SplitBrain
{
    public static IReadOnlyList<HaTransition> In(IReadOnlyList<HaTransition> transitions)
    {
        var states = new Dictionary<(string Unit, string Instance), HaState>();
        var violations = new List<HaTransition>();
        foreach (var transition in transitions)
        {
            if (transition.To is { } to)
            {
                states[(transition.Unit, transition.Instance)] = to;
            }
            else
            {
                states.Remove((transition.Unit, transition.Instance));
            }

            if (states.Count(s => s.Key.Instance == transition.Instance && s.Value is HaState.Active or HaState.Quiescing) > 1)
            {
                violations.Add(transition);
            }
        }

        return violations;
    }
}
