using Nines.ControlPlane.Reconciliation;

namespace Nines.ControlPlane.Tests.Reconciliation;

public sealed class HostFailurePolicyTests
{
    private static readonly DateTimeOffset Detected = new(2026, 12, 3, 7, 0, 10, TimeSpan.Zero);
    private static readonly HostFencingContract Contract = new(TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(500));

    [Fact]
    public void FenceDeadline_SeenAliveBeforeDetection_CountsFromLastSeen()
    {
        var seen = Detected - TimeSpan.FromSeconds(3.2);

        HostFailurePolicy.FenceDeadline(Contract, seen, Detected).ShouldBe(seen + TimeSpan.FromSeconds(3.5));
    }

    [Fact]
    public void FenceDeadline_NeverSeenAlive_CountsFromDetection()
    {
        HostFailurePolicy.FenceDeadline(Contract, null, Detected).ShouldBe(Detected + TimeSpan.FromSeconds(3.5));
    }

    [Fact]
    public void FenceDeadline_SeenAfterDetection_CountsFromDetection()
    {
        HostFailurePolicy.FenceDeadline(Contract, Detected + TimeSpan.FromSeconds(1), Detected).ShouldBe(Detected + TimeSpan.FromSeconds(3.5));
    }
}
