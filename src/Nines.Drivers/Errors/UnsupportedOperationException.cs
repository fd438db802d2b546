namespace Nines.Drivers.Errors;

/// <summary>The driver lacks the capability the call needs.</summary>
public sealed class UnsupportedOperationException(string driverName, DriverCapabilities capability, string? vmId = null)
    : VmDriverException(vmId, $"the {driverName} driver does not support {capability}")
{
    public const string ErrorCode = "unsupported-operation";

    public override string Code => ErrorCode;

    public string DriverName { get; } = driverName;

    public DriverCapabilities Capability { get; } = capability;
}
