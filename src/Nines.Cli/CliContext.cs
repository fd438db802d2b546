using Nines.Cli.Input;
using Nines.Domain.Diagnostics;

namespace Nines.Cli;

/// <summary>Where a command writes: results to <see cref="Out"/>, diagnostics and failures to <see cref="Error"/>.</summary>
internal sealed record CliContext(TextWriter Out, TextWriter Error);

/// <summary>The process exit codes of every command.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>An input had errors (the diagnostics say which).</summary>
    public const int InvalidInput = 1;

    /// <summary>The command line itself was wrong, or a file could not be read.</summary>
    public const int Usage = 2;

    /// <summary>The exit code of a command that failed with these diagnostics: unreadable files are usage errors.</summary>
    public static int ForFailure(IEnumerable<Diagnostic> diagnostics) =>
        diagnostics.Any(d => d.Code == InputFile.UnreadableCode) ? Usage : InvalidInput;
}
