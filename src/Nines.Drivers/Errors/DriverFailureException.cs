namespace Nines.Drivers.Errors;

/// <summary>The hypervisor or the host failed while carrying out a legal operation (process would not start, socket broke…).</summary>
public sealed class DriverFailureException(string? vmId, string message, Exception? innerException = null)
    : VmDriverException(vmId, message, innerException)
{
    public const string ErrorCode = "driver-failure";

    public override string Code => ErrorCode;
}
