using Nines.Processes;

namespace Nines.Networking.Commands;

/// <summary>
/// Runs network commands as child processes of this one (in this process's network namespace) through the process
/// layer's <see cref="IProcessRunner"/>: the networking-facing view of it, not a runner of its own.
/// </summary>
public sealed class ProcessCommandRunner : ICommandRunner
{
    private readonly IProcessRunner _processes;

    /// <summary>Commands through <see cref="ProcessRunner.Default"/>.</summary>
    public ProcessCommandRunner()
        : this(ProcessRunner.Default)
    {
    }

    /// <summary>Commands through <paramref name="processes"/> (a scripted runner in tests).</summary>
    public ProcessCommandRunner(IProcessRunner processes)
    {
        ArgumentNullException.ThrowIfNull(processes);
        _processes = processes;
    }

    /// <inheritdoc/>
    public async Task<CommandResult> RunAsync(
        string program,
        IReadOnlyList<string> arguments,
        IReadOnlyDictionary<string, string>? environment,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ProcessResult result;
        try
        {
            result = await _processes.RunAsync(new ProcessRequest(program, arguments) { Environment = environment }, cancellationToken).ConfigureAwait(false);
        }
        catch (ProcessStartException e)
        {
            throw new NetworkCommandException(e.Message, e);
        }

        return new CommandResult(result.CommandLine, result.ExitCode, result.StandardOutput, result.StandardError);
    }
}
