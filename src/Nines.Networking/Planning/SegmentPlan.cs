namespace Nines.Networking.Planning;

/// <summary>One scenario network on this host: an isolated segment of the bridge, identified by its VLAN tag.</summary>
/// <param name="CrossHost">The tag came from the cluster plan (the network spans hosts) rather than the local pool.</param>
public sealed record SegmentPlan(string Network, int Tag, bool CrossHost);
