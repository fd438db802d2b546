using Nines.Cli.Output;
using Nines.Cli.Remote;

namespace Nines.Cli.Commands;

/// <summary>
/// Runs a command against the controller and turns every refusal into its exit code and a message naming what is
/// wrong: no answer or a refused token 3, invalid input 1 (with field errors and file:line:column diagnostics),
/// not found 5, a conflict or failed operation 4.
/// </summary>
internal static class RemoteCommand
{
    public static async Task<int> RunAsync(
        CliContext context,
        string verb,
        RemoteArguments arguments,
        bool autoStart,
        Func<ControllerConnection, Task<int>> run,
        CancellationToken cancellationToken)
    {
        try
        {
            using var connection = await ControllerResolver.ConnectAsync(context, arguments.Controller, autoStart, cancellationToken).ConfigureAwait(false);
            return await run(connection).ConfigureAwait(false);
        }
        catch (NinesApiException e)
        {
            await ReportAsync(context.Error, verb, e).ConfigureAwait(false);
            return ExitCodeOf(e);
        }
    }

    public static int ExitCodeOf(NinesApiException e) => e.StatusCode switch
    {
        0 or 401 or 403 => ExitCodes.Unreachable,
        400 or 422 => ExitCodes.InvalidInput,
        404 => ExitCodes.NotFound,
        _ => ExitCodes.OperationFailed,
    };

    public static async Task ReportAsync(TextWriter error, string verb, NinesApiException e)
    {
        foreach (var d in e.Diagnostics)
        {
            var field = d.Field is null ? string.Empty : $"{d.Field}: ";
            await error.WriteLineAsync($"{d.File}:{d.Line}:{d.Column}: {d.Severity} {d.Code}: {field}{d.Message}").ConfigureAwait(false);
        }

        await error.WriteLineAsync($"nines {verb}: {e.Message}").ConfigureAwait(false);

        // Scenario errors are already printed with their location; the rest name the request field.
        foreach (var (field, messages) in e.Errors)
        {
            foreach (var message in messages.Where(_ => field != "scenario" || e.Diagnostics.Count == 0))
            {
                await error.WriteLineAsync($"  {field}: {message}").ConfigureAwait(false);
            }
        }

        if (e.Diagnostics.Count > 0)
        {
            await error.WriteLineAsync($"  ({DiagnosticPrinter.Plural(e.Diagnostics.Count(d => d.Severity == "error"), "error")})").ConfigureAwait(false);
        }
    }
}
