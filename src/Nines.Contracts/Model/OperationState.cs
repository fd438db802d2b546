namespace Nines.Contracts.Model;

/// <summary>ETSI NFV-style operation states (SOL003 <c>LcmOperationStateType</c>).</summary>
public enum OperationState
{
    STARTING,
    PROCESSING,
    COMPLETED,
    FAILED,
    ROLLED_BACK,
}
