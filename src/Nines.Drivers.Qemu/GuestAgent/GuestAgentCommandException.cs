namespace Nines.Drivers.Qemu.GuestAgent;

/// <summary>The guest agent answered a command with an error object.</summary>
public sealed class GuestAgentCommandException : Exception
{
    public GuestAgentCommandException(string errorClass, string description, string command)
        : base($"guest agent command \"{command}\" failed: {errorClass}: {description}")
    {
        ErrorClass = errorClass;
        Description = description;
        Command = command;
    }

    /// <summary>The agent's error class, e.g. <c>GenericError</c>, <c>CommandNotFound</c>.</summary>
    public string ErrorClass { get; }

    /// <summary>The agent's human-readable description.</summary>
    public string Description { get; }

    /// <summary>The command that failed.</summary>
    public string Command { get; }
}
