using FsCheck;
using FsCheck.Fluent;
using Nines.Images.Kernel;

namespace Nines.Images.Tests;

public sealed class XzPayloadLocatorTests
{
    private static readonly byte[] _magic = [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00];

    [Fact]
    public void FindAll_MagicAtStartMiddleAndEnd_ReturnsEveryOffset()
    {
        var data = new byte[100];
        _magic.CopyTo(data, 0);
        _magic.CopyTo(data, 40);
        _magic.CopyTo(data, 94);

        XzPayloadLocator.FindAll(data).ShouldBe([0, 40, 94]);
    }

    [Fact]
    public void FindAll_MagicCutShortAtEnd_NotReported()
    {
        var data = new byte[20];
        _magic.AsSpan(0, 5).CopyTo(data.AsSpan(15));

        XzPayloadLocator.FindAll(data).ShouldBeEmpty();
    }

    [Fact]
    public void FindAll_MagicInsertedIntoRandomBytes_FoundAtThatOffset() =>
        Prop.ForAll(
            Gen.ArrayOf(Gen.Choose(0, 255).Select(i => (byte)i)).ToArbitrary(),
            Gen.Choose(0, 10_000).ToArbitrary(),
            (noise, position) =>
            {
                var data = noise.Concat(new byte[8]).ToArray();
                var at = position % (data.Length - _magic.Length + 1);
                _magic.CopyTo(data, at);
                var found = XzPayloadLocator.FindAll(data);
                return found.Contains(at) && found.All(o => data.AsSpan(o, _magic.Length).SequenceEqual(_magic));
            }).QuickCheckThrowOnFailure();
}
