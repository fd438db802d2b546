namespace Nines.Drivers.Errors;

/// <summary>
/// A time limit the driver itself imposed ran out (not the caller's cancellation, which stays an
/// <see cref="OperationCanceledException"/>).
/// </summary>
public sealed class DriverTimeoutException(string? vmId, string operation, TimeSpan timeout)
    : VmDriverException(vmId, $"{operation} did not complete within {timeout.TotalSeconds:0.###} s")
{
    public const string ErrorCode = "driver-timeout";

    public override string Code => ErrorCode;

    public TimeSpan Timeout { get; } = timeout;
}
