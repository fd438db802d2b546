namespace Nines.Drivers.Sequences;

/// <summary>No VM (and not the host) of the scenario has a command in the requested sequence.</summary>
public sealed class UnknownSequenceException : Exception
{
    public UnknownSequenceException(string scenario, string sequence, IReadOnlyList<string> defined)
        : base(Describe(scenario, sequence, defined))
    {
        Sequence = sequence;
        Defined = defined;
    }

    public UnknownSequenceException()
        : this(string.Empty, string.Empty, [])
    {
    }

    public UnknownSequenceException(string message)
        : base(message)
    {
        Sequence = string.Empty;
        Defined = [];
    }

    public UnknownSequenceException(string message, Exception innerException)
        : base(message, innerException)
    {
        Sequence = string.Empty;
        Defined = [];
    }

    /// <summary>The sequence that was asked for.</summary>
    public string Sequence { get; }

    /// <summary>The sequences the scenario does define, sorted.</summary>
    public IReadOnlyList<string> Defined { get; }

    private static string Describe(string scenario, string sequence, IReadOnlyList<string> defined) =>
        defined.Count == 0
            ? $"sequence \"{sequence}\" is not defined: scenario \"{scenario}\" has no <exec> or <filetree> sequences"
            : $"sequence \"{sequence}\" is not defined in scenario \"{scenario}\" (expected one of: {string.Join(", ", defined)})";
}
