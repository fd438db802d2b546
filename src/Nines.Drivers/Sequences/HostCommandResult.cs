namespace Nines.Drivers.Sequences;

/// <summary>The exit code and output of a host command of a sequence (not the network layer's <c>CommandResult</c>, nor the process layer's <c>ProcessResult</c>).</summary>
public sealed record HostCommandResult(int ExitCode, string StandardOutput, string StandardError);
