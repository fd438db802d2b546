using Nines.Domain.Diagnostics;

namespace Nines.Embedded;

/// <summary>A scenario given to deploy does not parse; <see cref="Errors"/> has every error with its location.</summary>
public sealed class ScenarioRejectedException : Exception
{
    public ScenarioRejectedException()
    {
    }

    public ScenarioRejectedException(string message)
        : base(message)
    {
    }

    public ScenarioRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ScenarioRejectedException(string file, IReadOnlyList<Diagnostic> errors)
        : base($"{file}: the scenario has {errors.Count} error(s):\n{string.Join("\n", errors)}") => Errors = errors;

    /// <summary>Every error, with file, line and column.</summary>
    public IReadOnlyList<Diagnostic> Errors { get; } = [];
}
