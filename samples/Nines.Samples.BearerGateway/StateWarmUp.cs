using System.Net;
using Nines.StateTransfer.Format;

namespace Nines.Samples.BearerGateway;

/// <summary>
/// Runs the export and import code once on a throw-away table before the gateway serves: a migration target is a
/// fresh process, and without this the just-in-time compiler's slow first pass over the codec would fall inside
/// the traffic hold.
/// </summary>
internal static class StateWarmUp
{
    public static void Run(int bearers = 2_000, int rounds = 3)
    {
        var table = new BearerTable();
        for (var i = 0u; i < bearers; i++)
        {
            var bearer = table.CreateOrRefresh(i + 1, i, new IPEndPoint(IPAddress.Loopback, 1), 9, 0);
            bearer.UplinkPackets = i;
        }

        for (var round = 0; round < rounds; round++)
        {
            var copy = new BearerTable();
            copy.Import(StateCodec.Decode(StateCodec.Encode(table.Export())));
        }
    }
}
