namespace Nines.Api.Contracts;

/// <summary>One VM of a deployment.</summary>
/// <param name="Id">The VM's id on its host (<c>tenant.deployment.vm</c>).</param>
/// <param name="State">The driver's state (<c>Running</c>, <c>Paused</c>…), or null when it does not exist (yet).</param>
public sealed record VmView(
    string Tenant,
    string Deployment,
    string Name,
    string Id,
    string? Host,
    string? State,
    bool GuestReady,
    bool Configured,
    string? LastError);
