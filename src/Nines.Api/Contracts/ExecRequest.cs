namespace Nines.Api.Contracts;

/// <summary>Runs a VNUML command sequence (<c>exec seq=...</c>) on a deployment's VMs.</summary>
/// <param name="Vms">Only these VMs (default: every VM with commands in the sequence).</param>
public sealed record ExecRequest(string? Sequence, IReadOnlyList<string>? Vms = null);
