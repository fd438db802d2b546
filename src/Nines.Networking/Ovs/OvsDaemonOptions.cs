namespace Nines.Networking.Ovs;

/// <summary>Where an Open vSwitch instance keeps its sockets, database, logs and pid files.</summary>
/// <param name="RunDirectory">
/// The run directory: <c>db.sock</c>, the daemons' control sockets and pid files, and (for daemons we
/// start) the database <c>conf.db</c> and the logs. One per host, so several hosts on one machine never meet.
/// </param>
/// <param name="SchemaPath">The OVSDB schema a new database is created from.</param>
/// <param name="CommandTimeout">How long one <c>ovs-vsctl</c> call may wait for the daemons.</param>
/// <param name="StartTimeout">How long starting or stopping the daemons may take.</param>
public sealed record OvsDaemonOptions(
    string RunDirectory,
    string SchemaPath = OvsDaemonOptions.DefaultSchemaPath,
    TimeSpan? CommandTimeout = null,
    TimeSpan? StartTimeout = null)
{
    /// <summary>Where Debian's <c>openvswitch-common</c> installs the schema.</summary>
    public const string DefaultSchemaPath = "/usr/share/openvswitch/vswitch.ovsschema";

    public string DatabaseSocket => Path.Combine(RunDirectory, "db.sock");

    public string DatabaseFile => Path.Combine(RunDirectory, "conf.db");

    internal TimeSpan EffectiveCommandTimeout => CommandTimeout ?? TimeSpan.FromSeconds(10);

    internal TimeSpan EffectiveStartTimeout => StartTimeout ?? TimeSpan.FromSeconds(15);
}
