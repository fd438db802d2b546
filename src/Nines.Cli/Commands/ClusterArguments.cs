using Nines.Cli.Hosting;

namespace Nines.Cli.Commands;

/// <summary>What <see cref="ClusterOptions"/> read.</summary>
internal sealed record ClusterArguments(string? Store, string? AgentHost, string? UplinkText, string? CaDirectory)
{
    /// <summary>The parsed uplink (after <see cref="Validate"/> said nothing).</summary>
    public Networking.Trunks.HostUplink? Uplink => UplinkText is null ? null : UplinkArgument.Parse(UplinkText);

    /// <summary>The first problem with these options, or null.</summary>
    public string? Validate()
    {
        if (Store is null)
        {
            return AgentHost is not null || UplinkText is not null || CaDirectory is not null
                ? "--ca, --agent-host and --uplink need --store (a cluster's controller)"
                : null;
        }

        try
        {
            _ = StoreAddress.Parse(Store).StoreOptions();
            _ = Uplink;
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }

        return UplinkText is not null && AgentHost is null ? "--uplink needs --agent-host" : null;
    }

    /// <summary>The same options for a background <c>up</c>.</summary>
    public IEnumerable<string> Arguments()
    {
        foreach (var (name, value) in new[] { ("--store", Store is null ? null : StoreAddress.Parse(Store).Canonical), ("--ca", CaDirectory is null ? null : Path.GetFullPath(CaDirectory)), ("--agent-host", AgentHost), ("--uplink", UplinkText) })
        {
            if (value is not null)
            {
                yield return name;
                yield return value;
            }
        }
    }
}
