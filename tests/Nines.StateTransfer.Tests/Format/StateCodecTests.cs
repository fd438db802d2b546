using System.Buffers.Binary;
using Nines.StateTransfer.Format;

namespace Nines.StateTransfer.Tests.Format;

public sealed class StateCodecTests
{
    private static readonly StateDocument _sample = new("nines.test", 3,
    [
        new StateSection("bearers",
        [
            new StateRecordBuilder().Add(1, 0x01020304UL).Add(2, -2L).Add(3, "ue-1").Add(4, [10, 0, 0, 1]).Build(),
        ]),
    ]);

    [Fact]
    public void Encode_Sample_IsBigEndianWithExplicitFields()
    {
        var bytes = StateCodec.Encode(_sample);

        bytes[..8].ShouldBe(new byte[] { (byte)'N', (byte)'9', (byte)'S', (byte)'T', 0, 1, 0, 0 });
        // kind "nines.test": length 10, then the text.
        bytes[8..10].ShouldBe(new byte[] { 0, 10 });
        BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(20)).ShouldBe(3u, "schema version");
        BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(24)).ShouldBe(1u, "section count");
        // Field tag 1, kind u64, value 0x0000000001020304 big-endian: the same bytes on any CPU.
        var field = Convert.ToHexString(bytes);
        field.ShouldContain("000101" + "0000000001020304");
        field.ShouldContain("000202" + "FFFFFFFFFFFFFFFE");
        BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(bytes.Length - 4)).ShouldBe(Crc32.Compute(bytes.AsSpan(0, bytes.Length - 4)));
    }

    [Fact]
    public void Crc32_CheckValue_MatchesTheStandard()
    {
        Crc32.Compute("123456789"u8).ShouldBe(0xCBF43926u);
    }

    [Fact]
    public void Decode_Empty_SaysTruncated()
    {
        var error = Should.Throw<StateFormatException>(() => StateCodec.Decode([]));
        error.Message.ShouldContain("truncated");
        error.Field.ShouldBe("header");
    }

    [Fact]
    public void Decode_WrongMagic_SaysNotAStateDocument()
    {
        var bytes = StateCodec.Encode(_sample);
        bytes[0] = (byte)'X';

        var error = Should.Throw<StateFormatException>(() => StateCodec.Decode(bytes));
        error.Field.ShouldBe("magic");
        error.Message.ShouldContain("not a Nines state document");
    }

    [Fact]
    public void Decode_WrongVersion_NamesBothVersions()
    {
        var bytes = StateCodec.Encode(_sample);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(4), 7);

        var error = Should.Throw<StateFormatException>(() => StateCodec.Decode(bytes));
        error.Field.ShouldBe("format version");
        error.Message.ShouldContain("format version 7 is not supported (this reader reads version 1)");
    }

    [Fact]
    public void Decode_TruncatedBody_ReportsChecksumMismatch()
    {
        var bytes = StateCodec.Encode(_sample);

        var error = Should.Throw<StateFormatException>(() => StateCodec.Decode(bytes.AsSpan(0, bytes.Length - 9)));
        error.Field.ShouldBe("crc32");
    }

    [Fact]
    public void Decode_CountLargerThanData_IsRefusedBeforeAllocating()
    {
        var bytes = StateCodec.Encode(new StateDocument("k", 1, [new StateSection("s", [])]));
        // record count of section 0 ("s"): after header (8) + kind (2+1) + schema (4) + sections (4) + name (2+1).
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(22), uint.MaxValue);
        Resign(bytes);

        var error = Should.Throw<StateFormatException>(() => StateCodec.Decode(bytes));
        error.Field.ShouldBe("section[0] 's' record count");
        error.Message.ShouldContain("claims 4294967295 entries");
    }

    [Fact]
    public void Decode_UnknownValueKind_NamesTheField()
    {
        var document = new StateDocument("k", 1, [new StateSection("s", [new StateRecordBuilder().Add(9, 5UL).Build()])]);
        var bytes = StateCodec.Encode(document);
        // The kind byte of the only field: header 8, kind 3, schema 4, count 4, name 3, records 4, fields 2, tag 2.
        bytes[30].ShouldBe((byte)StateValueKind.UInt64);
        bytes[30] = 9;
        Resign(bytes);

        var error = Should.Throw<StateFormatException>(() => StateCodec.Decode(bytes));
        error.Field.ShouldBe("section[0] 's' record[0] tag 9 kind");
        error.Message.ShouldContain("unknown value kind 9");
    }

    [Fact]
    public void Record_MissingRequiredField_NamesIt()
    {
        var record = new StateRecordBuilder().Add(1, 5UL).Build();

        Should.Throw<StateFormatException>(() => record.UInt64(2, "uplink packets")).Message.ShouldContain("'uplink packets' (tag 2) is missing");
        Should.Throw<StateFormatException>(() => record.String(1, "name")).Message.ShouldContain("is UInt64, expected String");
        record.UInt64OrDefault(2, "later field", 42).ShouldBe(42UL);
    }

    [Fact]
    public void Record_DuplicateTag_IsRefused()
    {
        Should.Throw<ArgumentException>(() => new StateRecordBuilder().Add(1, 1UL).Add(1, 2UL).Build()).Message.ShouldContain("tag 1 appears twice");
    }

    private static void Resign(byte[] bytes) =>
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(bytes.Length - 4), Crc32.Compute(bytes.AsSpan(0, bytes.Length - 4)));
}
