namespace Nines.Controller.Reconciliation;

/// <summary>
/// What a deploy pass does, in order, and how it ends: <see cref="Result"/> (requeue or done), <see cref="Failure"/> (thrown
/// once the steps are applied), or neither: compute again with what the steps brought (the plan committed, the agents'
/// answers). A step that loses its compare-on-revision (<see cref="CommitPlan"/>, <see cref="RemoveDeployment"/>) ends
/// the pass with a requeue at once.
/// </summary>
internal sealed record DeployActions(IReadOnlyList<DeployAction> Steps)
{
    public ReconcileResult? Result { get; init; }

    public DeployFailure? Failure { get; init; }

    /// <summary>The pass must run <see cref="DeployPass.Compute"/> again once the steps are applied.</summary>
    public bool ComputeAgain => Result is null && Failure is null;

    public static DeployActions Done(IReadOnlyList<DeployAction> steps) => new(steps) { Result = ReconcileResult.Done };

    public static DeployActions Requeue(IReadOnlyList<DeployAction> steps, TimeSpan after) => new(steps) { Result = ReconcileResult.Requeue(after) };

    public static DeployActions Fail(IReadOnlyList<DeployAction> steps, DeployFailure failure) => new(steps) { Failure = failure };
}
