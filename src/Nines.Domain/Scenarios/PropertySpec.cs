namespace Nines.Domain.Scenarios;

/// <summary>A ProductSection property of an OVF appliance, surfaced so a deployment can set it.</summary>
public sealed record PropertySpec(
    string Key,
    string Type,
    string? Value = null,
    string? Label = null,
    string? Description = null,
    bool UserConfigurable = false,
    string? Qualifiers = null);
