namespace Nines.Drivers.Qemu.GuestAgent;

/// <summary>A program to run in the guest with <c>guest-exec</c>.</summary>
/// <param name="Path">The program, absolute or looked up in the agent's PATH.</param>
/// <param name="Arguments">Its arguments (not including the program name).</param>
/// <param name="Environment">Entries <c>NAME=value</c>; null keeps the agent's environment.</param>
/// <param name="Stdin">Bytes fed to its standard input; null for none.</param>
/// <param name="CaptureOutput">Whether to capture standard output and error.</param>
internal sealed record GuestExecRequest(
    string Path,
    IReadOnlyList<string> Arguments,
    IReadOnlyList<string>? Environment = null,
    byte[]? Stdin = null,
    bool CaptureOutput = true)
{
    /// <summary>Runs <paramref name="script"/> with <c>/bin/sh -c</c>, as VNUML's <c>&lt;exec&gt;</c> does.</summary>
    public static GuestExecRequest Shell(string script) => new("/bin/sh", ["-c", script]);

    /// <summary>The command as it would be typed in a shell, for messages.</summary>
    public string CommandLine => string.Join(' ', new[] { Path }.Concat(Arguments).Select(Quote));

    private static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,+@%".Contains(c, StringComparison.Ordinal))
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}

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
