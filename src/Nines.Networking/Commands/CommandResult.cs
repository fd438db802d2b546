namespace Nines.Networking.Commands;

/// <summary>What a command printed and how it ended.</summary>
public sealed record CommandResult(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>Returns this result when the command succeeded, otherwise throws a <see cref="NetworkCommandException"/>.</summary>
    public CommandResult ThrowIfFailed() =>
        Succeeded ? this : throw new NetworkCommandException(this);
}
