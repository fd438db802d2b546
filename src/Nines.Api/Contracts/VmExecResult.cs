namespace Nines.Api.Contracts;

/// <summary>How a guest command ended: a non-zero <paramref name="ExitCode"/> is a result, not an API error.</summary>
public sealed record VmExecResult(int ExitCode, string Stdout, string Stderr);
