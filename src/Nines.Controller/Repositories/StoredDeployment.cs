using Nines.Contracts.Model;
using Nines.Domain.Diagnostics;
using Nines.Domain.Scenarios;
using Nines.Scenarios;

namespace Nines.Controller.Repositories;

/// <summary>
/// A deployment spec as read from the store: the spec, the revision it was read at (what a commit compares
/// against), and its scenario parsed from the stored YAML.
/// </summary>
/// <param name="ModRevision">The spec key's mod revision when read.</param>
/// <param name="Scenario">The parsed scenario, or null when the stored YAML does not parse (see <paramref name="ScenarioDiagnostics"/>).</param>
public sealed record StoredDeployment(
    DeploymentSpec Spec,
    long ModRevision,
    ScenarioDocument? Scenario,
    IReadOnlyList<Diagnostic> ScenarioDiagnostics)
{
    public DeploymentRef Ref => Spec.Ref;

    internal static StoredDeployment Load(DeploymentSpec spec, long modRevision)
    {
        var parsed = ScenarioReader.Read(spec.ScenarioYaml, $"{spec.Tenant}/{spec.Name}.yaml");
        var errors = parsed.Diagnostics.Any(d => d.IsError);
        return new StoredDeployment(spec, modRevision, errors ? null : parsed.Value, [.. parsed.Diagnostics]);
    }
}
