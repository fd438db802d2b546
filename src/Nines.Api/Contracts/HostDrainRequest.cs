namespace Nines.Api.Contracts;

/// <summary>The body of <c>POST /v1/hosts/{host}/drain</c> (optional): how many VMs move at once (1–16, default 2).</summary>
public sealed record HostDrainRequest(int? MaxConcurrent = null);
