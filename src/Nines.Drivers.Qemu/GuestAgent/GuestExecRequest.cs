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
