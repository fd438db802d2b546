namespace Nines.Api.Endpoints;

/// <summary>A unit's HA state for one service instance (Active, Standby, Quiescing, Quiesced).</summary>
public sealed record InstanceHaView(string Instance, string State);
