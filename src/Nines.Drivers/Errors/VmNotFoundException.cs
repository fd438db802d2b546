namespace Nines.Drivers.Errors;

/// <summary>The driver knows no VM with this id.</summary>
public sealed class VmNotFoundException(string vmId)
    : VmDriverException(vmId, $"no vm \"{vmId}\" is defined on this driver")
{
    public const string ErrorCode = "vm-not-found";

    public override string Code => ErrorCode;
}
