using Nines.Api.Auth;

namespace Nines.Api.Contracts;

// The closed set of API commands: every operation that changes something takes exactly one of these bodies (unknown
// fields are rejected), so the OpenAPI document lists everything a client can ask.

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

/// <summary>Runs a VNUML command sequence (<c>exec seq=...</c>) on a deployment's VMs.</summary>
/// <param name="Vms">Only these VMs (default: every VM with commands in the sequence).</param>
public sealed record ExecRequest(string? Sequence, IReadOnlyList<string>? Vms = null);

/// <summary>A lifecycle operation on one VM.</summary>
public sealed record VmActionRequest(VmAction? Action);

/// <summary>The lifecycle operations a VM takes through the API.</summary>
public enum VmAction
{
    Start,
    Pause,
    Resume,
    Suspend,
    Restore,
    Shutdown,
    Destroy,
    Reboot,
}

/// <summary>Creates a bearer token (admin only).</summary>
public sealed record CreateTokenRequest(ApiRole? Role, string? Tenant, string? Description = null);
