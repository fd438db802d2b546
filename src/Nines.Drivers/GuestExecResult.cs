namespace Nines.Drivers;

/// <summary>The outcome of a guest command: its exit code and what it wrote.</summary>
public sealed record GuestExecResult(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;
}
