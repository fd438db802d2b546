using Nines.Drivers.Errors;

namespace Nines.Drivers.Migration;

/// <summary>The guest reached the destination but did not answer there: the destination was destroyed and the source resumed.</summary>
public sealed class MigrationFailedBackException(string vmId, string source, string destination, Exception innerException)
    : VmDriverException(vmId, $"vm \"{vmId}\": migrated to {destination} but it did not answer there ({innerException.Message}); failed back: it runs on {source} again", innerException)
{
    public const string ErrorCode = "migration-failed-back";

    public override string Code => ErrorCode;
}
