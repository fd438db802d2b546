namespace Nines.Networking.Commands;

/// <summary>
/// Runs one host tool (<c>ip</c>, <c>ovs-vsctl</c>, …) with an argument array — never a shell string — so
/// names taken from a scenario can never become shell syntax. The one seam between network logic and the
/// machine: tests replace it to see exactly which commands a plan produces.
/// </summary>
public interface ICommandRunner
{
    /// <summary>Runs <paramref name="program"/> and waits for it; a non-zero exit is returned, not thrown.</summary>
    /// <param name="environment">Extra environment variables for the program (added to the inherited ones).</param>
    Task<CommandResult> RunAsync(
        string program,
        IReadOnlyList<string> arguments,
        IReadOnlyDictionary<string, string>? environment,
        CancellationToken cancellationToken);
}

/// <summary>What a command printed and how it ended.</summary>
public sealed record CommandResult(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>Returns this result when the command succeeded, otherwise throws a <see cref="NetworkCommandException"/>.</summary>
    public CommandResult ThrowIfFailed() =>
        Succeeded ? this : throw new NetworkCommandException(this);
}

/// <summary>A host network command failed; the message carries the command line and what it printed.</summary>
public sealed class NetworkCommandException : Exception
{
    public NetworkCommandException(CommandResult result)
        : base($"'{result.Command}' failed with exit code {result.ExitCode}: {result.StandardError.Trim()}") => Result = result;

    public NetworkCommandException(string message)
        : base(message)
    {
    }

    public NetworkCommandException()
    {
    }

    public NetworkCommandException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The failed command, when the failure came from one.</summary>
    public CommandResult? Result { get; }
}
