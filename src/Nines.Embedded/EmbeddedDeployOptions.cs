namespace Nines.Embedded;

/// <summary>How <see cref="EmbeddedHost.DeployTextAsync"/> names and places a deployment.</summary>
/// <param name="Name">The deployment's name; null derives it from the scenario's name (<see cref="EmbeddedHost.DeploymentName"/>).</param>
/// <param name="Algorithm">The partitioning algorithm; null for the default.</param>
/// <param name="Restrictions">EDIV restrictions text the placement must follow, or null.</param>
public sealed record EmbeddedDeployOptions(
    string Tenant = EmbeddedHostOptions.DefaultTenant,
    string? Name = null,
    string? Algorithm = null,
    string? Restrictions = null);
