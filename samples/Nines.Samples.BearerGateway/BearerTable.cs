using System.Net;
using Nines.StateTransfer.Format;

namespace Nines.Samples.BearerGateway;

/// <summary>
/// The gateway's state: bearers by TEID and the gateway's own counters, and its state document
/// (<see cref="Kind"/>, schema 1: section <c>bearers</c> one record per bearer, section <c>gateway</c> one record with
/// the counters, the generation and — for a delta — the generation it was taken against).
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
    private const ushort TagUnknownTeidDrops = 1, TagSessionsCreated = 2, TagGeneration = 3, TagDeltaBase = 4;

    private readonly Dictionary<uint, Bearer> _bearers = [];

    public int Count => _bearers.Count;

    /// <summary>Data packets dropped because no bearer had their TEID.</summary>
    public ulong UnknownTeidDrops { get; set; }

    /// <summary>Bearers ever created (not counting refreshes).</summary>
    public ulong SessionsCreated { get; set; }

    /// <summary>Grows with every change; each bearer remembers the generation of its last change.</summary>
    public ulong Generation { get; private set; }

    public IEnumerable<Bearer> Bearers => _bearers.Values;

    /// <summary>Marks <paramref name="bearer"/> changed now.</summary>
    public void Touch(Bearer bearer) => bearer.ChangedAt = ++Generation;

    public Bearer? Find(uint teid) => _bearers.GetValueOrDefault(teid);

    /// <summary>Adds a bearer, or points an existing one at a new UE endpoint (a repeated create).</summary>
    public Bearer CreateOrRefresh(uint teid, ulong imsi, IPEndPoint ue, byte qci, long nowUnixMs)
    {
        if (_bearers.TryGetValue(teid, out var existing))
        {
            existing.UeEndpoint = ue;
            Touch(existing);
            return existing;
        }

        var bearer = new Bearer { Teid = teid, Imsi = imsi, UeEndpoint = ue, Qci = qci, CreatedAtUnixMs = nowUnixMs };
        _bearers.Add(teid, bearer);
        Touch(bearer);
        SessionsCreated++;
        return bearer;
    }

    /// <summary>The state as explicit fields: every bearer, or (<paramref name="since"/> &gt; 0) those changed after that generation.</summary>
    public StateDocument Export(ulong since = 0) => Snapshot(since).ToDocument();

    /// <summary>
    /// Copies of what <see cref="Export"/> would write: cheap enough to take under the data path's lock, so the
    /// encoding (the slow part) can run beside the traffic.
    /// </summary>
    public BearerTableSnapshot Snapshot(ulong since = 0) =>
        new([.. _bearers.Values.Where(b => b.ChangedAt > since).Select(b => b.Copy())], UnknownTeidDrops, SessionsCreated, Generation, since);

    /// <summary>A consistent copy of the table (or of what changed after <see cref="Since"/>).</summary>
    internal sealed record BearerTableSnapshot(IReadOnlyList<Bearer> Bearers, ulong UnknownTeidDrops, ulong SessionsCreated, ulong Generation, ulong Since)
    {
        public StateDocument ToDocument() => BearerTable.ToDocument(this);
    }

    private static StateDocument ToDocument(BearerTableSnapshot snapshot)
    {
        var (bearers, unknownTeidDrops, sessionsCreated, generation, since) = snapshot;
        var records = new List<StateRecord>(bearers.Count);
        foreach (var b in bearers.OrderBy(b => b.Teid))
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

        var gateway = new StateRecordBuilder().Add(TagUnknownTeidDrops, unknownTeidDrops).Add(TagSessionsCreated, sessionsCreated)
            .Add(TagGeneration, generation).Add(TagDeltaBase, since).Build();
        return new StateDocument(Kind, SchemaVersion, [new StateSection("bearers", records), new StateSection("gateway", [gateway])]);
    }

    /// <summary>
    /// Takes <paramref name="document"/>: a full state replaces the table; a delta (its base generation above 0) is
    /// applied only on top of exactly that generation. On any error the table is unchanged.
    /// </summary>
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

        var generation = gateway[0].UInt64OrDefault(TagGeneration, "generation", 0);
        var deltaBase = gateway[0].UInt64OrDefault(TagDeltaBase, "delta base", 0);
        if (deltaBase != 0 && deltaBase != Generation)
        {
            throw new StateFormatException($"a delta against generation {deltaBase}, but this gateway holds generation {Generation}: import the full state first");
        }

        var unknown = gateway[0].UInt64(TagUnknownTeidDrops, "unknown-TEID drops");
        var created = gateway[0].UInt64(TagSessionsCreated, "sessions created");
        UnknownTeidDrops = unknown;
        SessionsCreated = created;
        if (deltaBase == 0)
        {
            _bearers.Clear();
        }

        foreach (var (teid, bearer) in bearers)
        {
            bearer.ChangedAt = generation;
            _bearers[teid] = bearer;
        }

        Generation = generation;
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
