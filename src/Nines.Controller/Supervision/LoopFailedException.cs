namespace Nines.Controller.Supervision;

/// <summary>A supervised loop failed with an error the process cannot recover from (see <see cref="StoreLoss"/>).</summary>
public sealed class LoopFailedException : Exception
{
    public LoopFailedException()
    {
    }

    public LoopFailedException(string message)
        : base(message)
    {
    }

    public LoopFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
