namespace Nines.Controller.Reconciliation;

/// <summary>
/// A host the controller declared failed (its registration lease is gone), at <c>/nines/host-failures/&lt;host&gt;</c>:
/// its VMs are re-planned onto other hosts only after <see cref="FenceDeadline"/>, by when the agent has destroyed
/// them if it is still alive. Deleted when the host registers again.
/// </summary>
public sealed record HostFailure(string Host, DateTimeOffset DetectedAt, DateTimeOffset FenceDeadline, string Reason)
{
    public const string Prefix = "/nines/host-failures/";

    public static string Key(string host) => Prefix + host;
}
