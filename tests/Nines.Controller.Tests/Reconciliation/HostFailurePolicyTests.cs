using Nines.Contracts.Model;
using Nines.Controller.Reconciliation;

namespace Nines.Controller.Tests.Reconciliation;

public sealed class HostFailurePolicyTests
{
    private static readonly DateTimeOffset _detected = new(2026, 12, 3, 7, 0, 10, TimeSpan.Zero);
    private static readonly HostFencingContract _contract = new(TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(500));

    [Fact]
    public void FenceDeadline_SeenAliveBeforeDetection_CountsFromLastSeen()
    {
        var seen = _detected - TimeSpan.FromSeconds(3.2);

        HostFailurePolicy.FenceDeadline(_contract, seen, _detected).ShouldBe(seen + TimeSpan.FromSeconds(3.5));
    }

    [Fact]
    public void FenceDeadline_NeverSeenAlive_CountsFromDetection()
    {
        HostFailurePolicy.FenceDeadline(_contract, null, _detected).ShouldBe(_detected + TimeSpan.FromSeconds(3.5));
    }

    [Fact]
    public void FenceDeadline_SeenAfterDetection_CountsFromDetection()
    {
        HostFailurePolicy.FenceDeadline(_contract, _detected + TimeSpan.FromSeconds(1), _detected).ShouldBe(_detected + TimeSpan.FromSeconds(3.5));
    }
}
