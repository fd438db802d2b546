namespace Nines.Processes;

/// <summary>A program could not be started at all (not installed, not executable, a bad working directory).</summary>
public sealed class ProcessStartException : Exception
{
    public ProcessStartException()
    {
    }

    public ProcessStartException(string message)
        : base(message)
    {
    }

    public ProcessStartException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal ProcessStartException(string program, string reason, Exception innerException)
        : base($"could not run {program}: {reason} (is it installed?)", innerException) => Program = program;

    /// <summary>The program that could not be started; null when not known.</summary>
    public string? Program { get; }
}
