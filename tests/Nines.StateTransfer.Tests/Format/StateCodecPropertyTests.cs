using FsCheck;
using FsCheck.Fluent;
using Nines.StateTransfer.Format;

namespace Nines.StateTransfer.Tests.Format;

/// <summary>Invariants of the codec over random documents and random damage.</summary>
public sealed class StateCodecPropertyTests
{
    [Fact]
    public void EncodeDecode_AnyDocument_RoundTripsExactly()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<int>(), seed =>
        {
            var document = RandomDocuments.Of(seed);
            var bytes = StateCodec.Encode(document);
            var decoded = StateCodec.Decode(bytes);
            decoded.ShouldBe(document);
            StateCodec.Encode(decoded).ShouldBe(bytes);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    [Fact]
    public void Decode_AnyTruncation_ThrowsStateFormatException()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<int>(), ArbMap.Default.ArbFor<int>(), (seed, cut) =>
        {
            var bytes = StateCodec.Encode(RandomDocuments.Of(seed));
            var length = (int)((uint)cut % (uint)bytes.Length);
            Should.Throw<StateFormatException>(() => StateCodec.Decode(bytes.AsSpan(0, length)));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    [Fact]
    public void Decode_AnySingleByteChanged_ThrowsStateFormatException()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<int>(), ArbMap.Default.ArbFor<int>(), ArbMap.Default.ArbFor<byte>(), (seed, at, xor) =>
        {
            var bytes = StateCodec.Encode(RandomDocuments.Of(seed));
            bytes[(int)((uint)at % (uint)bytes.Length)] ^= xor == 0 ? (byte)1 : xor;
            Should.Throw<StateFormatException>(() => StateCodec.Decode(bytes));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    [Fact]
    public void Decode_RandomBytes_OnlyEverThrowsStateFormatException()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), ArbMap.Default.ArbFor<bool>(), (noise, withHeader) =>
        {
            var bytes = withHeader ? [.. "N9ST"u8.ToArray(), 0, 1, 0, 0, .. noise] : noise;
            try
            {
                StateCodec.Decode(bytes);
            }
            catch (StateFormatException)
            {
                // The only failure allowed.
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(500));
    }
}
