using System.CommandLine;
using Nines.Cli.Hosting;

namespace Nines.Cli.Commands;

/// <summary><c>nines up</c>'s cluster options: the etcd store, the cluster's CA, and an optional host agent in the same process.</summary>
internal sealed class ClusterOptions
{
    private readonly Option<string?> _store = new("--store") { Description = "Run as a cluster's controller on this etcd store (etcd://HOST:PORT[,HOST:PORT...], or etcds://... for TLS with ?ca=FILE&cert=FILE&key=FILE&user=NAME&password-file=FILE): the hosts are the agents registered there (nines agent); default: the embedded SQLite store and this machine as the only host" };
    private readonly Option<string?> _ca = new("--ca") { Description = "With --store: the directory of the cluster's CA (ca.crt, ca.key; default DATA/tls, created on the first start); give every controller of the cluster the same one (a copy of the first's DATA/tls)" };
    private readonly Option<string?> _agentHost = new("--agent-host") { Description = "With --store: also run a host agent in this process, registered as this host name (its networking in --netns)" };
    private readonly Option<string?> _uplink = new("--uplink") { Description = $"With --agent-host: that host's uplink, {UplinkArgument.Syntax}" };

    public static ClusterOptions Create() => new();

    public void AddTo(Command command)
    {
        command.Options.Add(_store);
        command.Options.Add(_ca);
        command.Options.Add(_agentHost);
        command.Options.Add(_uplink);
    }

    public ClusterArguments Read(ParseResult parse) =>
        new(parse.GetValue(_store), parse.GetValue(_agentHost), parse.GetValue(_uplink), parse.GetValue(_ca));
}

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
