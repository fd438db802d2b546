namespace Nines.Controller.Supervision;

/// <summary>Where a supervised loop is.</summary>
public enum LoopState
{
    /// <summary>Running its body.</summary>
    Running,

    /// <summary>Its body failed or exited unexpectedly; it starts again after a backoff.</summary>
    Restarting,

    /// <summary>Stopped on purpose (shutdown, the end of a controller's term).</summary>
    Stopped,

    /// <summary>Failed with an error nothing can recover from in this process (the store is gone for good).</summary>
    Failed,
}
