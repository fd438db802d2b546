namespace Nines.Api.Contracts;

/// <summary>Deploys a scenario, or changes a deployed one (<c>PUT</c> is idempotent: the same content changes nothing).</summary>
/// <param name="Scenario">The scenario text in any language Nines reads: VNUML XML, native YAML or OVF.</param>
/// <param name="Name">The deployment's name (<c>POST</c> only; default: the scenario's name). <c>PUT</c> takes it from the path.</param>
/// <param name="Source">The file name the scenario came from, used in diagnostics (<c>file:line:column</c>).</param>
/// <param name="Algorithm">The partitioning algorithm (default: the cluster's).</param>
/// <param name="Restrictions">EDIV restrictions (XML) placement must follow.</param>
/// <param name="Configuration">The OVF deployment option to use.</param>
public sealed record DeployRequest(
    string? Scenario,
    string? Name = null,
    string? Source = null,
    string? Algorithm = null,
    string? Restrictions = null,
    string? Configuration = null);
