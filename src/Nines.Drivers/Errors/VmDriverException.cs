namespace Nines.Drivers.Errors;

/// <summary>
/// The base of every error a driver raises. <see cref="Code"/> is stable (the API puts it in problem+json);
/// messages may change.
/// </summary>
public abstract class VmDriverException : Exception
{
    protected VmDriverException(string? vmId, string message, Exception? innerException = null)
        : base(message, innerException) => VmId = vmId;

    /// <summary>A stable, kebab-case error code, e.g. <c>invalid-state</c>.</summary>
    public abstract string Code { get; }

    /// <summary>The VM the error is about, when there is one.</summary>
    public string? VmId { get; }
}
