using System.Globalization;
using Nines.Networking.Commands;
using Nines.Processes;

namespace Nines.Networking.Ovs;

public sealed partial class OvsDaemon
{
    private async Task ConnectOrStartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_options.RunDirectory);
        var dbPid = ReadPid(DbServer);
        var ourDb = dbPid is { } p && IsRunning(p, DbServer);
        if (await DatabaseAnswersAsync(cancellationToken).ConfigureAwait(false))
        {
            // Someone serves this run directory. Only if our pid file names the server is it ours (a restart).
            Owned = ourDb;
            if (Owned && !(ReadPid(Switchd) is { } s && IsRunning(s, Switchd)))
            {
                await StartSwitchdAsync(cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        if (ourDb)
        {
            // Our server is alive but does not answer: wedged. Replace it rather than run two.
            KillProcess(dbPid!.Value);
        }

        if (ReadPid(Switchd) is { } staleSwitchd && IsRunning(staleSwitchd, Switchd))
        {
            KillProcess(staleSwitchd);
        }

        // A socket left by a killed server would make the new one fail to bind.
        File.Delete(_options.DatabaseSocket);
        if (!File.Exists(_options.DatabaseFile))
        {
            await RunAsync("ovsdb-tool", ["create", _options.DatabaseFile, _options.SchemaPath], cancellationToken).ConfigureAwait(false);
        }

        await RunAsync(
            DbServer,
            [
                _options.DatabaseFile,
                $"--remote=punix:{_options.DatabaseSocket}",
                $"--pidfile={PidFile(DbServer)}",
                $"--unixctl={ControlSocket(DbServer)}",
                $"--log-file={LogFile(DbServer)}",
                "--detach",
            ],
            cancellationToken).ConfigureAwait(false);
        Owned = true;
        StartedHere = true;
        if (!await WaitUntilAsync(() => File.Exists(_options.DatabaseSocket), cancellationToken).ConfigureAwait(false))
        {
            throw new NetworkCommandException($"ovsdb-server did not create {_options.DatabaseSocket} (see {LogFile(DbServer)})");
        }

        (await VsctlAsync(["--no-wait", "init"], cancellationToken).ConfigureAwait(false)).ThrowIfFailed();
        await StartSwitchdAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task StartSwitchdAsync(CancellationToken cancellationToken)
    {
        await RunAsync(
            Switchd,
            [
                $"unix:{_options.DatabaseSocket}",
                $"--pidfile={PidFile(Switchd)}",
                $"--unixctl={ControlSocket(Switchd)}",
                $"--log-file={LogFile(Switchd)}",
                "--detach",
            ],
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Tries a bridge on the kernel datapath: without the <c>openvswitch</c> module its local port never
    /// opens (no ofport), and we fall back to the userspace datapath.
    /// </summary>
    private async Task<OvsDatapath> DetectDatapathAsync(CancellationToken cancellationToken)
    {
        (await VsctlAsync(
            ["--", "--may-exist", "add-br", ProbeBridge, "--", "set", "bridge", ProbeBridge, "datapath_type=system"],
            cancellationToken).ConfigureAwait(false)).ThrowIfFailed();
        try
        {
            var ofport = await VsctlAsync(["get", "interface", ProbeBridge, "ofport"], cancellationToken).ConfigureAwait(false);
            var works = ofport.Succeeded
                && int.TryParse(ofport.StandardOutput.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var port)
                && port > 0;
            return works ? OvsDatapath.System : OvsDatapath.Netdev;
        }
        finally
        {
            (await VsctlAsync(["--if-exists", "del-br", ProbeBridge], cancellationToken).ConfigureAwait(false)).ThrowIfFailed();
        }
    }

    private async Task<bool> DatabaseAnswersAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(_options.DatabaseSocket))
        {
            return false;
        }

        var result = await _runner.RunAsync(
            "ovs-vsctl",
            [$"--db=unix:{_options.DatabaseSocket}", "--timeout=2", "--no-wait", "show"],
            _environment,
            cancellationToken).ConfigureAwait(false);
        return result.Succeeded;
    }

    private async Task RunAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        (await _runner.RunAsync(program, arguments, _environment, cancellationToken).ConfigureAwait(false)).ThrowIfFailed();

    private int? ReadPid(string daemon) => ProcFs.ReadPidFile(PidFile(daemon));

    /// <summary>Alive and really that daemon: a pid file can outlive its process and the pid be reused (a zombie keeps its name).</summary>
    private static bool IsRunning(int pid, string daemon) =>
        ProcFs.ReadCommandName(pid) is { Length: > 0 } name && daemon.StartsWith(name.Trim(), StringComparison.Ordinal) && ProcFs.IsAlive(pid);

    private static void KillProcess(int pid) => ProcessSignals.Kill(pid);

    private async Task<bool> WaitUntilAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        var deadline = _time.GetTimestamp() + (long)(_options.EffectiveStartTimeout.TotalSeconds * _time.TimestampFrequency);
        while (!condition())
        {
            if (_time.GetTimestamp() > deadline)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), _time, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }
}
