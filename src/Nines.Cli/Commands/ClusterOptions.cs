using System.CommandLine;

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
