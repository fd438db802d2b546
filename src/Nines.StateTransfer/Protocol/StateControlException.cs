namespace Nines.StateTransfer.Protocol;

/// <summary>A control request that failed: the function's own error, or a broken control connection.</summary>
public sealed class StateControlException : Exception
{
    public StateControlException()
    {
    }

    public StateControlException(string message)
        : base(message)
    {
    }

    public StateControlException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
