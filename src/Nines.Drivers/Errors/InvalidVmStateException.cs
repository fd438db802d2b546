namespace Nines.Drivers.Errors;

/// <summary>The operation is not legal from the VM's current state (e.g. pause a stopped VM); nothing was done.</summary>
public sealed class InvalidVmStateException(string vmId, VmState current, VmOperation operation)
    : VmDriverException(vmId, Describe(vmId, current, operation))
{
    public const string ErrorCode = "invalid-state";

    public override string Code => ErrorCode;

    public VmState Current { get; } = current;

    public VmOperation Operation { get; } = operation;

    private static string Describe(string vmId, VmState current, VmOperation operation)
    {
        var allowed = VmStateMachine.AllowedFrom(current);
        var hint = allowed.Count == 0 ? "nothing" : string.Join(", ", allowed).ToLowerInvariant();
        return $"cannot {operation.ToString().ToLowerInvariant()} vm \"{vmId}\": it is {current.ToString().ToLowerInvariant()} (allowed: {hint})";
    }
}
