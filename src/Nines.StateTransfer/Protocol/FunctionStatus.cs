namespace Nines.StateTransfer.Protocol;

/// <summary>A function's phase and state size.</summary>
/// <param name="Kind">Its state kind.</param>
/// <param name="Phase">Serving or frozen.</param>
/// <param name="Records">Entries in its state (bearers, flows…).</param>
/// <param name="Detail">Free text for people (counters, what it waits for).</param>
/// <param name="Generation">The function's change counter: grows with every change of its state; a delta export names its base by it.</param>
public sealed record FunctionStatus(string Kind, FunctionPhase Phase, ulong Records, string Detail, ulong Generation = 0);
