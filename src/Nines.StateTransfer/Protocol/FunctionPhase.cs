namespace Nines.StateTransfer.Protocol;

/// <summary>Whether a function is taking work.</summary>
public enum FunctionPhase : byte
{
    /// <summary>Taking and processing work.</summary>
    Serving = 1,

    /// <summary>Processing nothing; its state can be exported or replaced.</summary>
    Frozen = 2,
}
