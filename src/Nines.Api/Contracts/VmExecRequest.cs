namespace Nines.Api.Contracts;

/// <summary>Runs one command in a VM's guest and waits for it (<c>nines exec NAME --vm VM -- COMMAND…</c>).</summary>
/// <param name="Command">The program and its arguments (no shell unless the program is one).</param>
/// <param name="Input">Standard input for the command.</param>
/// <param name="TimeoutSeconds">How long to wait for the command (1 to 3600; default: the agent's).</param>
public sealed record VmExecRequest(IReadOnlyList<string>? Command, string? Input = null, int? TimeoutSeconds = null);
