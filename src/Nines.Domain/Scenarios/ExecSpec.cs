namespace Nines.Domain.Scenarios;

/// <summary>
/// One command of a command sequence (VNUML <c>&lt;exec seq type mode&gt;</c>). All execs with the same
/// <paramref name="Sequence"/> run, in document order, when the user executes that sequence.
/// </summary>
/// <param name="Mode">How the command reaches the guest (<c>mconsole</c>, <c>net</c>, <c>system</c>, …); unset inherits the VM's exec mode.</param>
public sealed record ExecSpec(
    string Sequence,
    ExecType Type,
    string Command,
    string? Mode = null,
    string? User = null,
    bool? Gui = null);
