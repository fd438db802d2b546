using Nines.StateTransfer.Steering;

namespace Nines.StateTransfer.Tests.Steering;

public sealed class SteeringMarkerTests
{
    [Theory]
    [InlineData(0UL)]
    [InlineData(1UL)]
    [InlineData(ulong.MaxValue)]
    public void CreateTryRead_AnyToken_RoundTrips(ulong token)
    {
        SteeringMarker.TryRead(SteeringMarker.Create(token), out var read).ShouldBeTrue();
        read.ShouldBe(token);
    }

    [Fact]
    public void TryRead_DataPacketOrWrongLength_IsNotAMarker()
    {
        var marker = SteeringMarker.Create(5);
        SteeringMarker.TryRead(marker.AsSpan(0, 15), out _).ShouldBeFalse();
        SteeringMarker.TryRead([.. marker, 0], out _).ShouldBeFalse();
        marker[0] = (byte)'X';
        SteeringMarker.TryRead(marker, out _).ShouldBeFalse();
    }
}
