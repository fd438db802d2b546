using System.Net;
using Nines.StateTransfer.Format;

namespace Nines.Samples.BearerGateway;

/// <summary>
/// The gateway's state: bearers by TEID and the gateway's own counters, and its state document
/// (<see cref="Kind"/>, schema 1: section <c>bearers</c> one record per bearer, section <c>gateway</c> one record).
/// Not thread-safe: <see cref="GatewayService"/> holds its lock around every use.
/// </summary>
internal sealed class BearerTable
{
    public const string Kind = "nines.bearer-gateway";
    public const uint SchemaVersion = 1;

    // Tags of a bearer record: never reuse a number for another meaning.
    private const ushort TagTeid = 1, TagImsi = 2, TagUeAddress = 3, TagUePort = 4, TagQci = 5, TagUplinkPackets = 6,
        TagUplinkBytes = 7, TagDownlinkPackets = 8, TagDownlinkBytes = 9, TagLastUplinkSeq = 10, TagLastDownlinkSeq = 11, TagCreatedAt = 12;

    // Tags of the gateway record.
    private const ushort TagUnknownTeidDrops = 1, TagSessionsCreated = 2;

    private readonly Dictionary<uint, Bearer> _bearers = [];

    public int Count => _bearers.Count;

    /// <summary>Data packets dropped because no bearer had their TEID.</summary>
    public ulong UnknownTeidDrops { get; set; }

    /// <summary>Bearers ever created (not counting refreshes).</summary>
    public ulong SessionsCreated { get; set; }

    public IEnumerable<Bearer> Bearers => _bearers.Values;

    public Bearer? Find(uint teid) => _bearers.GetValueOrDefault(teid);

    /// <summary>Adds a bearer, or points an existing one at a new UE endpoint (a repeated create).</summary>
    public Bearer CreateOrRefresh(uint teid, ulong imsi, IPEndPoint ue, byte qci, long nowUnixMs)
    {
        if (_bearers.TryGetValue(teid, out var existing))
        {
            existing.UeEndpoint = ue;
            return existing;
        }

        var bearer = new Bearer { Teid = teid, Imsi = imsi, UeEndpoint = ue, Qci = qci, CreatedAtUnixMs = nowUnixMs };
        _bearers.Add(teid, bearer);
        SessionsCreated++;
        return bearer;
    }

    /// <summary>The whole state as explicit fields.</summary>
    public StateDocument Export()
    {
        var records = new List<StateRecord>(_bearers.Count);
        foreach (var b in _bearers.Values.OrderBy(b => b.Teid))
        {
            records.Add(new StateRecordBuilder()
                .Add(TagTeid, b.Teid)
                .Add(TagImsi, b.Imsi)
                .Add(TagUeAddress, b.UeEndpoint.Address.GetAddressBytes())
                .Add(TagUePort, (ulong)b.UeEndpoint.Port)
                .Add(TagQci, b.Qci)
                .Add(TagUplinkPackets, b.UplinkPackets)
                .Add(TagUplinkBytes, b.UplinkBytes)
                .Add(TagDownlinkPackets, b.DownlinkPackets)
                .Add(TagDownlinkBytes, b.DownlinkBytes)
                .Add(TagLastUplinkSeq, b.LastUplinkSequence)
                .Add(TagLastDownlinkSeq, b.LastDownlinkSequence)
                .Add(TagCreatedAt, b.CreatedAtUnixMs)
                .Build());
        }

        var gateway = new StateRecordBuilder().Add(TagUnknownTeidDrops, UnknownTeidDrops).Add(TagSessionsCreated, SessionsCreated).Build();
        return new StateDocument(Kind, SchemaVersion, [new StateSection("bearers", records), new StateSection("gateway", [gateway])]);
    }

    /// <summary>Replaces the state with <paramref name="document"/>; on any error the table is unchanged.</summary>
    public void Import(StateDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (document.Kind != Kind)
        {
            throw new StateFormatException($"state of kind '{document.Kind}', this is a '{Kind}'");
        }

        if (document.SchemaVersion != SchemaVersion)
        {
            throw new StateFormatException($"{Kind} schema version {document.SchemaVersion} is not supported (this gateway reads {SchemaVersion})");
        }

        var bearers = new Dictionary<uint, Bearer>();
        var section = document.Section("bearers");
        for (var i = 0; i < section.Records.Count; i++)
        {
            var bearer = ReadBearer(section.Records[i], i);
            if (!bearers.TryAdd(bearer.Teid, bearer))
            {
                throw new StateFormatException($"bearers record[{i}]: TEID {bearer.Teid} appears twice");
            }
        }

        var gateway = document.Section("gateway").Records;
        if (gateway.Count != 1)
        {
            throw new StateFormatException($"section 'gateway' has {gateway.Count} records, expected 1");
        }

        UnknownTeidDrops = gateway[0].UInt64(TagUnknownTeidDrops, "unknown-TEID drops");
        SessionsCreated = gateway[0].UInt64(TagSessionsCreated, "sessions created");
        _bearers.Clear();
        foreach (var (teid, bearer) in bearers)
        {
            _bearers.Add(teid, bearer);
        }
    }

    private static Bearer ReadBearer(StateRecord record, int index)
    {
        try
        {
            var address = record.Bytes(TagUeAddress, "UE address");
            if (address.Length is not (4 or 16))
            {
                throw new StateFormatException($"field 'UE address' (tag {TagUeAddress}) has {address.Length} bytes, expected 4 or 16");
            }

            var port = record.UInt64(TagUePort, "UE port");
            var qci = record.UInt64(TagQci, "QCI");
            if (port > ushort.MaxValue || qci > byte.MaxValue)
            {
                throw new StateFormatException(port > ushort.MaxValue ? $"field 'UE port' is {port}, not a port" : $"field 'QCI' is {qci}, more than 255");
            }

            return new Bearer
            {
                Teid = record.UInt32(TagTeid, "TEID"),
                Imsi = record.UInt64(TagImsi, "IMSI"),
                UeEndpoint = new IPEndPoint(new IPAddress(address.Span), (int)port),
                Qci = (byte)qci,
                CreatedAtUnixMs = record.Int64(TagCreatedAt, "created at"),
                UplinkPackets = record.UInt64(TagUplinkPackets, "uplink packets"),
                UplinkBytes = record.UInt64(TagUplinkBytes, "uplink bytes"),
                DownlinkPackets = record.UInt64(TagDownlinkPackets, "downlink packets"),
                DownlinkBytes = record.UInt64(TagDownlinkBytes, "downlink bytes"),
                LastUplinkSequence = record.UInt32(TagLastUplinkSeq, "last uplink sequence"),
                LastDownlinkSequence = record.UInt32(TagLastDownlinkSeq, "last downlink sequence"),
            };
        }
        catch (StateFormatException e)
        {
            throw new StateFormatException($"bearers record[{index}]: {e.Message}", e);
        }
    }
}
