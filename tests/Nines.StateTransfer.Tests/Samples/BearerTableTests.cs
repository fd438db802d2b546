using System.Net;
using Nines.Samples.BearerGateway;
using Nines.StateTransfer.Format;

namespace Nines.StateTransfer.Tests.Samples;

public sealed class BearerTableTests
{
    [Fact]
    public void ExportImport_ThroughTheCodec_KeepsEveryField()
    {
        var source = Table(3);
        var bearer = source.Find(2)!;
        bearer.UplinkPackets = 10;
        bearer.UplinkBytes = 810;
        bearer.DownlinkPackets = ulong.MaxValue;
        bearer.DownlinkBytes = 7;
        bearer.LastUplinkSequence = uint.MaxValue;
        bearer.LastDownlinkSequence = 9;
        source.UnknownTeidDrops = 4;

        var target = new BearerTable();
        target.Import(StateCodec.Decode(StateCodec.Encode(source.Export())));

        target.Count.ShouldBe(3);
        target.UnknownTeidDrops.ShouldBe(4UL);
        target.SessionsCreated.ShouldBe(3UL);
        target.Generation.ShouldBe(source.Generation);
        var copy = target.Find(2)!;
        (copy.Teid, copy.Imsi, copy.UeEndpoint, copy.Qci, copy.CreatedAtUnixMs).ShouldBe((bearer.Teid, bearer.Imsi, bearer.UeEndpoint, bearer.Qci, bearer.CreatedAtUnixMs));
        (copy.UplinkPackets, copy.UplinkBytes, copy.DownlinkPackets, copy.DownlinkBytes).ShouldBe((10UL, 810UL, ulong.MaxValue, 7UL));
        (copy.LastUplinkSequence, copy.LastDownlinkSequence).ShouldBe((uint.MaxValue, 9u));
    }

    [Fact]
    public void Import_Delta_AppliesOnlyOnTopOfItsBase()
    {
        var source = Table(3);
        var target = new BearerTable();
        target.Import(source.Export());
        var baseGeneration = source.Generation;
        source.Find(1)!.UplinkPackets = 5;
        source.Touch(source.Find(1)!);
        source.CreateOrRefresh(4, 4, new IPEndPoint(IPAddress.Loopback, 9), 9, 0);

        var delta = source.Export(baseGeneration);
        delta.Section("bearers").Records.Count.ShouldBe(2, "only bearer 1 and the new bearer 4 changed");
        target.Import(delta);

        target.Count.ShouldBe(4);
        target.Find(1)!.UplinkPackets.ShouldBe(5UL);
        target.Generation.ShouldBe(source.Generation);

        // The same delta again is against a generation the target has left behind.
        Should.Throw<StateFormatException>(() => target.Import(delta)).Message.ShouldContain($"a delta against generation {baseGeneration}");
    }

    [Fact]
    public void Import_OtherKindOrSchema_IsRefusedAndTableUnchanged()
    {
        var target = Table(2);
        var state = Table(5).Export();

        Should.Throw<StateFormatException>(() => target.Import(state with { Kind = "nines.counter" })).Message.ShouldContain("state of kind 'nines.counter'");
        Should.Throw<StateFormatException>(() => target.Import(state with { SchemaVersion = 2 })).Message.ShouldContain("schema version 2 is not supported");
        target.Count.ShouldBe(2);
    }

    [Fact]
    public void Import_RecordMissingAField_NamesRecordAndField()
    {
        var state = Table(2).Export();
        var bearers = state.Section("bearers");
        var broken = new StateRecord(bearers.Records[1].Fields.Where(f => f.Tag != 6));
        var document = state with { Sections = [new StateSection("bearers", [bearers.Records[0], broken]), state.Section("gateway")] };
        var target = Table(1);

        var error = Should.Throw<StateFormatException>(() => target.Import(document));
        error.Message.ShouldContain("bearers record[1]: field 'uplink packets' (tag 6) is missing");
        target.Count.ShouldBe(1);
    }

    private static BearerTable Table(int bearers)
    {
        var table = new BearerTable();
        for (var i = 1u; i <= bearers; i++)
        {
            table.CreateOrRefresh(i, 1000 + i, new IPEndPoint(IPAddress.Parse("10.201.0.1"), 5000), 9, 1_700_000_000_000);
        }

        return table;
    }
}
