using System.Net;

namespace Nines.Samples.BearerGateway;

/// <summary>Where the gateway listens and forwards.</summary>
/// <param name="UeSide">The UE-side UDP endpoint (creates and uplink data come in here; downlink and acks go out from it).</param>
/// <param name="ServerSide">The server-side UDP endpoint (downlink data comes in here; uplink goes out from it).</param>
/// <param name="Server">Where uplink data goes.</param>
/// <param name="ControlPath">The Unix socket of the state protocol (reachable from any network namespace).</param>
/// <param name="StartFrozen">Start frozen and empty: a migration target waiting for its state.</param>
internal sealed record GatewayOptions(IPEndPoint UeSide, IPEndPoint ServerSide, IPEndPoint Server, string ControlPath, bool StartFrozen);
