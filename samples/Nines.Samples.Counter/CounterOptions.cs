namespace Nines.Samples.Counter;

/// <summary>Who the service is and where it listens.</summary>
/// <param name="Group">The service group (HA-state key).</param>
/// <param name="Unit">This unit's name in the group.</param>
/// <param name="Instance">The service instance it serves; also the checkpoint's name.</param>
/// <param name="Port">TCP port on loopback; 0 picks a free one (see <see cref="CounterService.Port"/>).</param>
/// <param name="Address">The address to listen on.</param>
internal sealed record CounterOptions(string Group, string Unit, string Instance, int Port = 0, string Address = "127.0.0.1");

/// <summary>What the service does with requests now.</summary>
internal enum CounterMode
{
    /// <summary>Refuses requests; waits to be told it is active.</summary>
    Standby,

    /// <summary>Serves: every acknowledged change is in a checkpoint first.</summary>
    Active,

    /// <summary>Finishing what it accepted, refusing new changes (switchover).</summary>
    Quiescing,

    /// <summary>Holds nothing in flight; confirmed to the agent; refuses requests.</summary>
    Quiesced,
}
