namespace Nines.Drivers.Qemu.GuestAgent;

/// <summary>How a guest command ended.</summary>
/// <param name="ExitCode">Its exit status; 128 + the signal number when a signal killed it, as shells report it.</param>
/// <param name="Stdout">Standard output, decoded as UTF-8.</param>
/// <param name="Stderr">Standard error, decoded as UTF-8.</param>
/// <param name="Signal">The signal that killed it, if one did.</param>
/// <param name="OutputTruncated">True when the agent cut the captured output short (it keeps at most a few MiB).</param>
internal sealed record GuestAgentExecResult(int ExitCode, string Stdout, string Stderr, int? Signal, bool OutputTruncated = false)
{
    /// <summary>True when the command exited with status 0.</summary>
    public bool Succeeded => ExitCode == 0 && Signal is null;
}
