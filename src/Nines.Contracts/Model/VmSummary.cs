namespace Nines.Contracts.Model;

/// <summary>One VM as the deployment status shows it.</summary>
/// <param name="State">The driver's VM state by name (<c>Running</c>, <c>Crashed</c>…), or <c>Absent</c> when its host does not have it.</param>
public sealed record VmSummary(string Host, VmPhase State, bool GuestReady, bool Configured, string? LastError)
{
    /// <summary>The host has the VM in some state.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsPresent => State != VmPhase.Absent;
}
