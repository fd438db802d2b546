namespace Nines.Api.Endpoints;

/// <summary>Which service instance to switch over (null: the group's first).</summary>
public sealed record SwitchoverRequest(string? Instance = null);
