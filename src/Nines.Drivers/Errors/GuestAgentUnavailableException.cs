namespace Nines.Drivers.Errors;

/// <summary>The VM runs but its guest agent does not answer (still booting, hung, or not configured).</summary>
public sealed class GuestAgentUnavailableException(string vmId, string reason)
    : VmDriverException(vmId, $"the guest agent of vm \"{vmId}\" is not available: {reason}")
{
    public const string ErrorCode = "guest-agent-unavailable";

    public override string Code => ErrorCode;
}
