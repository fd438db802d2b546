namespace Nines.Drivers.Qemu.Qmp;

/// <summary>QEMU answered a command with an error object.</summary>
public sealed class QmpCommandException : Exception
{
    public QmpCommandException(string errorClass, string description, string command)
        : base($"QMP command \"{command}\" failed: {errorClass}: {description}")
    {
        ErrorClass = errorClass;
        Description = description;
        Command = command;
    }

    /// <summary>QEMU's error class, e.g. <c>GenericError</c>, <c>CommandNotFound</c>, <c>DeviceNotFound</c>.</summary>
    public string ErrorClass { get; }

    /// <summary>QEMU's human-readable description.</summary>
    public string Description { get; }

    /// <summary>The command that failed.</summary>
    public string Command { get; }
}
