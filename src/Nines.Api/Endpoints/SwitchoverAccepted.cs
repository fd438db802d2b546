namespace Nines.Api.Endpoints;

/// <summary>A switchover started: the active is quiescing; the standby takes over once it confirms.</summary>
public sealed record SwitchoverAccepted(string Group, string Instance, IReadOnlyList<string> Transitions);
