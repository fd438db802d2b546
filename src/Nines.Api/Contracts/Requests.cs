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
/// <param name="Name">A short name shown by <c>nines token list</c> (1-63 of letters, digits, <c>. _ -</c> and spaces).</param>
/// <param name="Expires">
/// How long it works: a number and a unit, <c>m</c> minutes, <c>h</c> hours, <c>d</c> days, <c>w</c> weeks (<c>30d</c>), at
/// most 3650 days, or <c>never</c>. Default: 90 days for viewer and operator tokens, never for admin tokens.
/// </param>
public sealed record CreateTokenRequest(ApiRole? Role, string? Tenant, string? Description = null, string? Name = null, string? Expires = null);

/// <summary>Mints a one-time join token for the agent of <paramref name="Host"/> (<c>nines host join-token HOST</c>).</summary>
/// <param name="Host">The host name the agent will register as; its certificate names it.</param>
/// <param name="Expires">How long the token works (<c>30m</c>, <c>12h</c>, <c>7d</c> at most; default 1h).</param>
public sealed record CreateJoinTokenRequest(string? Host, string? Expires = null);

/// <summary>Runs one command in a VM's guest and waits for it (<c>nines exec NAME --vm VM -- COMMAND…</c>).</summary>
/// <param name="Command">The program and its arguments (no shell unless the program is one).</param>
/// <param name="Input">Standard input for the command.</param>
/// <param name="TimeoutSeconds">How long to wait for the command (1 to 3600; default: the agent's).</param>
public sealed record VmExecRequest(IReadOnlyList<string>? Command, string? Input = null, int? TimeoutSeconds = null);

/// <summary>Changes a running VM's resource controls; fields left out stay as they are (at least one is required).</summary>
/// <param name="CpuQuotaPercent">Hard CPU cap in percent of one CPU (0 removes the cap).</param>
/// <param name="CpuShares">Relative CPU weight (2 to 262144; 1024 is the default).</param>
/// <param name="MemoryLimitMiB">Hard memory limit in MiB (at least 4).</param>
/// <param name="PidsLimit">Maximum number of processes (0 removes the limit).</param>
/// <param name="CpuPinning">Host CPUs, cpuset syntax (<c>0-1,3</c>).</param>
public sealed record VmResizeRequest(
    int? CpuQuotaPercent = null,
    int? CpuShares = null,
    long? MemoryLimitMiB = null,
    int? PidsLimit = null,
    string? CpuPinning = null);

/// <summary>The body of <c>POST /v1/deployments/{name}/vms/{vm}/migrate</c>: live-migrate the VM to host <paramref name="To"/>.</summary>
public sealed record VmMigrateRequest(string? To);

/// <summary>The body of <c>POST /v1/hosts/{host}/drain</c> (optional): how many VMs move at once (1–16, default 2).</summary>
public sealed record HostDrainRequest(int? MaxConcurrent = null);
