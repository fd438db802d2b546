using System.Net;

namespace Nines.VnfStateMigration;

/// <summary>A host a network function can run on: a name, its network namespace and the address its traffic reaches it at.</summary>
/// <param name="Name">The host's name.</param>
/// <param name="NetworkNamespace">The network namespace its programs run in (a namespace host).</param>
/// <param name="DataAddress">Where a steering point sends the function's traffic on this host.</param>
public sealed record FunctionHost(string Name, string NetworkNamespace, IPAddress DataAddress);
