namespace Nines.Domain.Scenarios;

/// <summary>Whether an exec's text is the command itself or a file holding commands.</summary>
public enum ExecType
{
    Verbatim,
    File,
}
