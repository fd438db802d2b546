using Nines.Scenarios.Ovf;

namespace Nines.Scenarios.Tests.Ovf;

public sealed class OvfAllocationUnitsTests
{
    [Theory]
    [InlineData("byte", 1L)]
    [InlineData("byte * 2^20", 1L << 20)]
    [InlineData("byte*2^30", 1L << 30)]
    [InlineData("byte * 10^9", 1_000_000_000L)]
    [InlineData("byte * 1024", 1024L)]
    [InlineData("MegaBytes", 1L << 20)]
    [InlineData("GigaBytes", 1L << 30)]
    [InlineData("KiloBytes", 1L << 10)]
    [InlineData("MB", 1L << 20)]
    public void BytesPerUnit_KnownUnits_GivesTheMultiplier(string units, long expected)
    {
        OvfAllocationUnits.BytesPerUnit(units).ShouldBe(expected);
    }

    [Theory]
    [InlineData("hertz * 10^6")]
    [InlineData("byte * 2^63")]
    [InlineData("byte * 2^")]
    [InlineData("byte * 0")]
    [InlineData("furlongs")]
    [InlineData("")]
    public void BytesPerUnit_UnknownOrOverflowingUnits_IsNull(string units)
    {
        OvfAllocationUnits.BytesPerUnit(units).ShouldBeNull();
    }
}
