namespace Nines.Controller.Reconciliation;

/// <summary>What a reconcile pass asks of the loop: nothing more, or another look after a delay.</summary>
public sealed record ReconcileResult(TimeSpan? RequeueAfter)
{
    /// <summary>Converged (or terminally failed): look again only when something changes.</summary>
    public static ReconcileResult Done { get; } = new((TimeSpan?)null);

    public static ReconcileResult Requeue(TimeSpan after) => new(after);
}
