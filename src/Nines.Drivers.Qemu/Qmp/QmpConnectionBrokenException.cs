namespace Nines.Drivers.Qemu.Qmp;

/// <summary>The QMP connection is broken (or closed); <see cref="Reason"/> is the first thing that went wrong.</summary>
public sealed class QmpConnectionBrokenException : IOException
{
    public QmpConnectionBrokenException(string reason, Exception? cause)
        : base($"the QMP connection is broken: {reason}", cause) => Reason = reason;

    /// <summary>Why the connection broke, recorded once, when it first broke.</summary>
    public string Reason { get; }
}
