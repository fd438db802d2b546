namespace Nines.Scenarios.Ovf;

/// <summary>One deployment configuration (OVF <c>DeploymentOptionSection/Configuration</c>).</summary>
/// <param name="IsDefault">Whether it is the one used when none is asked for (<c>ovf:default="true"</c>, or the first).</param>
public sealed record OvfConfiguration(string Id, string? Label, string? Description, bool IsDefault);
