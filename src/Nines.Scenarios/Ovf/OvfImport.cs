using Nines.Domain;
using Nines.Domain.Scenarios;

namespace Nines.Scenarios.Ovf;

/// <summary>
/// An OVF package read as a scenario: one VM per VirtualSystem, sized for
/// <paramref name="SelectedConfiguration"/>, plus every deployment configuration the package offers.
/// </summary>
/// <param name="Configurations">The DeploymentOptionSection's configurations in document order (empty when there is none).</param>
/// <param name="SelectedConfiguration">The configuration the VMs were sized for; null when the package declares none.</param>
public sealed record OvfImport(ScenarioDocument Document, ValueList<OvfConfiguration> Configurations, string? SelectedConfiguration);
