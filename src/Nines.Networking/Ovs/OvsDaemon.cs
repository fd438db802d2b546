using System.Globalization;
using Nines.Networking.Commands;

namespace Nines.Networking.Ovs;

/// <summary>
/// One Open vSwitch instance (<c>ovsdb-server</c> + <c>ovs-vswitchd</c>) reached through a run directory.
/// When none answers there, it starts and owns a pair with that directory as home; after a restart of
/// this process it adopts the pair its pid files name. Every <c>ovs-vsctl</c> call goes to this
/// instance's <c>db.sock</c>, so instances in different network namespaces never mix.
/// </summary>
public sealed partial class OvsDaemon : IOvsSwitch
{
    private const string DbServer = "ovsdb-server";
    private const string Switchd = "ovs-vswitchd";
    private const string ProbeBridge = "nines-probe";

    private readonly ICommandRunner _runner;
    private readonly OvsDaemonOptions _options;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, string> _environment;

    private OvsDaemon(OvsDaemonOptions options, ICommandRunner runner, TimeProvider time)
    {
        _options = options;
        _runner = runner;
        _time = time;
        _environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["OVS_RUNDIR"] = options.RunDirectory,
            ["OVS_DBDIR"] = options.RunDirectory,
            ["OVS_LOGDIR"] = options.RunDirectory,
        };
    }

    /// <summary>The run directory every call goes through.</summary>
    public string RunDirectory => _options.RunDirectory;

    /// <summary>True when the daemons were started by us (now or before a restart, found by pid file); only those are stopped.</summary>
    public bool Owned { get; private set; }

    /// <summary>
    /// True when this object started the daemons (none answered): a start that then fails stops them again, while
    /// daemons adopted from an earlier run keep carrying the traffic of VMs that outlived it.
    /// </summary>
    public bool StartedHere { get; private set; }

    /// <summary>The datapath bridges get here, detected at start by trying the kernel one.</summary>
    public OvsDatapath Datapath { get; private set; }

    /// <summary>
    /// Connects to the instance at <see cref="OvsDaemonOptions.RunDirectory"/>, starting it first when none
    /// answers, then detects the datapath.
    /// </summary>
    public static async Task<OvsDaemon> StartAsync(
        OvsDaemonOptions options, ICommandRunner runner, TimeProvider? time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(runner);
        var daemon = new OvsDaemon(options, runner, time ?? TimeProvider.System);
        await daemon.ConnectOrStartAsync(cancellationToken).ConfigureAwait(false);
        daemon.Datapath = await daemon.DetectDatapathAsync(cancellationToken).ConfigureAwait(false);
        return daemon;
    }

    /// <summary>
    /// Restarts what died of this instance (its daemons killed, say): <c>ovsdb-server</c> and <c>ovs-vswitchd</c> when the
    /// database no longer answers, <c>ovs-vswitchd</c> alone when only it is gone. The database file keeps the bridges
    /// and ports, so the new daemons carry the same traffic. True when something was started.
    /// </summary>
    public async Task<bool> EnsureRunningAsync(CancellationToken cancellationToken)
    {
        var dbAlive = ReadPid(DbServer) is { } db && IsRunning(db, DbServer);
        var switchdAlive = ReadPid(Switchd) is { } sw && IsRunning(sw, Switchd);
        if (switchdAlive && dbAlive)
        {
            return false;
        }

        if (!dbAlive && await DatabaseAnswersAsync(cancellationToken).ConfigureAwait(false))
        {
            // A server we have no pid file for answers (someone else's): not ours to restart.
            if (switchdAlive || ReadPid(Switchd) is null)
            {
                return false;
            }

            await StartSwitchdAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }

        if (dbAlive)
        {
            await StartSwitchdAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }

        await ConnectOrStartAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Runs <c>ovs-vsctl</c> against this instance (with <c>--db</c> and <c>--timeout</c>).</summary>
    public Task<CommandResult> VsctlAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var seconds = ((int)Math.Ceiling(_options.EffectiveCommandTimeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        string[] all = [$"--db=unix:{_options.DatabaseSocket}", $"--timeout={seconds}", .. arguments];
        return _runner.RunAsync("ovs-vsctl", all, _environment, cancellationToken);
    }

    /// <summary>Runs <c>ovs-appctl</c> against one of this instance's daemons (<c>ovsdb-server</c> or <c>ovs-vswitchd</c>).</summary>
    public Task<CommandResult> AppctlAsync(string daemon, IEnumerable<string> arguments, CancellationToken cancellationToken) =>
        _runner.RunAsync("ovs-appctl", ["-t", ControlSocket(daemon), .. arguments], _environment, cancellationToken);

    /// <summary>
    /// Stops the daemons when we own them (<c>ovs-appctl exit</c>, then a kill after the start timeout);
    /// leaves a foreign instance alone. The database stays, so a later start finds the same bridges.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!Owned)
        {
            return;
        }

        foreach (var name in new[] { Switchd, DbServer })
        {
            var pid = ReadPid(name);
            if (pid is null)
            {
                continue;
            }

            await AppctlAsync(name, ["exit"], cancellationToken).ConfigureAwait(false);
            if (!await WaitUntilAsync(() => !IsRunning(pid.Value, name), cancellationToken).ConfigureAwait(false))
            {
                KillProcess(pid.Value);
                await WaitUntilAsync(() => !IsRunning(pid.Value, name), cancellationToken).ConfigureAwait(false);
            }

            File.Delete(PidFile(name));
        }

        Owned = false;
    }

    /// <summary>
    /// Stops the daemons whose pid files are in <paramref name="options"/>' run directory, without connecting to
    /// or starting anything: teardown from a process that did not start them (the testbed's <c>down</c>). A pid
    /// file naming a dead or reused pid is ignored.
    /// </summary>
    public static Task StopAtAsync(OvsDaemonOptions options, ICommandRunner runner, TimeProvider? time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(runner);
        var daemon = new OvsDaemon(options, runner, time ?? TimeProvider.System) { Owned = true };
        return daemon.StopAsync(cancellationToken);
    }

    private string PidFile(string daemon) => Path.Combine(_options.RunDirectory, daemon + ".pid");

    private string ControlSocket(string daemon) => Path.Combine(_options.RunDirectory, daemon + ".ctl");

    private string LogFile(string daemon) => Path.Combine(_options.RunDirectory, daemon + ".log");
}
