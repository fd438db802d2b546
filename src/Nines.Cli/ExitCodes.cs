using Nines.Cli.Input;
using Nines.Domain.Diagnostics;

namespace Nines.Cli;

/// <summary>The process exit codes of every command (listed in <c>nines --help</c> and the README).</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>An input had errors (the diagnostics say which).</summary>
    public const int InvalidInput = 1;

    /// <summary>The command line itself was wrong, or a file could not be read.</summary>
    public const int Usage = 2;

    /// <summary>The controller does not answer, or refused the token (unknown, or its role does not allow the call).</summary>
    public const int Unreachable = 3;

    /// <summary>The operation ran and failed (or the VM's state does not allow it).</summary>
    public const int OperationFailed = 4;

    /// <summary>The deployment, VM, operation or token does not exist (for this token's tenant).</summary>
    public const int NotFound = 5;

    /// <summary>One line for <c>nines --help</c>.</summary>
    public const string Summary =
        "Exit codes: 0 ok, 1 invalid input, 2 usage, 3 controller unreachable or unauthorized, 4 operation failed, 5 not found; "
        + "exec NAME --vm VM -- COMMAND exits with the command's code.";

    /// <summary>The exit code of a command that failed with these diagnostics: unreadable files are usage errors.</summary>
    public static int ForFailure(IEnumerable<Diagnostic> diagnostics) =>
        diagnostics.Any(d => d.Code == InputFile.UnreadableCode) ? Usage : InvalidInput;
}
