namespace Nines.Networking.Commands;

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
