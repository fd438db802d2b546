using Nines.Agent.Hooks;
using Nines.Contracts.Agents;
using Nines.Processes;
using Nines.Testing;

namespace Nines.Agent.Tests.Hooks;

/// <summary>
/// Hooks on real processes: exit status and output, one run per id, the timeout, a runner of a later agent process
/// reading a hook an earlier one started, a wrapper killed without an exit status, and the refusals.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class HostHookRunnerTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("nines-hooks-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task StartHookAsync_CommandThatFails_ExitedWithItsCodeOutputAndFreshVersions()
    {
        var runner = Runner();
        var started = await runner.StartHookAsync(new HostHookRequest("h1", "echo \"on $NINES_HOST\"; echo broken >&2; exit 3", TimeSpan.FromMinutes(1)), CancellationToken.None);
        started.Id.ShouldBe("h1");

        var ended = await WaitEndedAsync(runner, "h1");
        ended.State.ShouldBe(HostHookState.Exited);
        ended.ExitCode.ShouldBe(3);
        ended.Output.ShouldBe("on host-a\nbroken\n");
        ended.FinishedAt.ShouldNotBeNull();
        ended.Versions.ShouldNotBeNull();
        ended.Versions.ProbedAt.ShouldBeGreaterThanOrEqualTo(ended.FinishedAt.Value);
        ended.Versions.Qemu.ShouldBe("7.2.99 (test)");
        UnixMode(Path.Combine(_directory, "h1")).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    [Fact]
    public async Task StartHookAsync_SameIdTwice_RunsItOnce()
    {
        var runner = Runner();
        var count = Path.Combine(_directory, "count");
        var request = new HostHookRequest("once", $"echo run >> {count}", TimeSpan.FromMinutes(1));
        await runner.StartHookAsync(request, CancellationToken.None);
        await WaitEndedAsync(runner, "once");

        (await runner.StartHookAsync(request, CancellationToken.None)).State.ShouldBe(HostHookState.Exited);
        (await File.ReadAllLinesAsync(count)).ShouldBe(["run"]);
    }

    [Fact]
    public async Task StartHookAsync_RunsPastItsTimeout_KilledWithStatus124()
    {
        var runner = Runner();
        await runner.StartHookAsync(new HostHookRequest("slow", "echo starting; sleep 60", TimeSpan.FromSeconds(1)), CancellationToken.None);

        var ended = await WaitEndedAsync(runner, "slow");
        ended.ExitCode.ShouldBe(124);
        ended.Output.ShouldStartWith("starting");
    }

    // The hook that replaces the agent: the agent process that started it is gone, the next one reads its files.
    [Fact]
    public async Task GetHookAsync_HookStartedByAnEarlierRunner_ReadFromItsFiles()
    {
        await Runner().StartHookAsync(new HostHookRequest("across", "sleep 1; echo done", TimeSpan.FromMinutes(1)), CancellationToken.None);
        var later = Runner();

        (await later.GetHookAsync("across", CancellationToken.None))!.State.ShouldBe(HostHookState.Running);
        var ended = await WaitEndedAsync(later, "across");
        (ended.ExitCode, ended.Output).ShouldBe((0, "done\n"));
    }

    [Fact]
    public async Task GetHookAsync_WrapperKilledBeforeItsExitStatus_Lost()
    {
        var runner = Runner();
        await runner.StartHookAsync(new HostHookRequest("killed", "sleep 60", TimeSpan.FromMinutes(1)), CancellationToken.None);
        var pidFile = Path.Combine(_directory, "killed", "pid");
        await AgentClusterWait(() => File.Exists(pidFile), "the wrapper's pid file");
        var pid = int.Parse((await File.ReadAllTextAsync(pidFile)).Trim(), System.Globalization.CultureInfo.InvariantCulture);

        // Its whole session goes, as on a host that restarted: the wrapper and the command under it.
        var killed = await new ProcessRunner(TimeProvider.System).RunAsync(ProcessRequest.Of("kill", "-9", "--", $"-{pid}"), CancellationToken.None);
        killed.ExitCode.ShouldBe(0, killed.StandardError);
        await AgentClusterWait(() => !ProcFs.IsAlive(pid), "the wrapper gone");

        var status = (await runner.GetHookAsync("killed", CancellationToken.None))!;
        status.State.ShouldBe(HostHookState.Lost);
        status.ExitCode.ShouldBeNull();
    }

    [Fact]
    public async Task StartHookAsync_AgentNotAllowed_RefusedAndNothingRuns()
    {
        var runner = Runner(enabled: false);

        var refused = await Should.ThrowAsync<HostHooksDisabledException>(() => runner.StartHookAsync(new HostHookRequest("no", "touch x", TimeSpan.FromMinutes(1)), CancellationToken.None));
        refused.Message.ShouldContain("--allow-hooks");
        Directory.Exists(Path.Combine(_directory, "no")).ShouldBeFalse();
    }

    [Fact]
    public async Task StartHookAsync_BadIdCommandAndTimeout_AllNamedAtOnce()
    {
        var error = await Should.ThrowAsync<ArgumentException>(() => Runner().StartHookAsync(new HostHookRequest("../up", " ", TimeSpan.Zero), CancellationToken.None));

        error.Message.ShouldContain("id:");
        error.Message.ShouldContain("command:");
        error.Message.ShouldContain("timeout:");
        Directory.EnumerateFileSystemEntries(_directory).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("nope")]
    [InlineData("../etc")]
    [InlineData("A")]
    public async Task GetHookAsync_NoSuchHookOrNotAnId_Null(string id) =>
        (await Runner().GetHookAsync(id, CancellationToken.None)).ShouldBeNull();

    [Theory]
    [InlineData("QEMU emulator version 7.2.19 (Debian 1:7.2+dfsg-7+deb12u18)\nCopyright (c) 2003-2022 Fabrice Bellard", "7.2.19 (Debian 1:7.2+dfsg-7+deb12u18)")]
    [InlineData("QEMU emulator version 9.2.0\n", "9.2.0")]
    [InlineData("something else", null)]
    [InlineData("", null)]
    public void ParseQemuVersion_FirstLine_TheVersion(string output, string? expected) =>
        HostVersionProbe.ParseQemuVersion(output).ShouldBe(expected);

    [Fact]
    public async Task RefreshAsync_QemuMissing_NullQemuAndTheKernel()
    {
        var probe = new HostVersionProbe(new ProcessRunner(TimeProvider.System), TimeProvider.System, qemu: "/nonexistent/qemu-system-x86_64");

        var versions = await probe.RefreshAsync(CancellationToken.None);

        versions.Qemu.ShouldBeNull();
        versions.Kernel.ShouldBe((await File.ReadAllTextAsync("/proc/sys/kernel/osrelease")).Trim());
        versions.Agent.ShouldNotBeNullOrEmpty();
        probe.Current.ShouldBe(versions);
    }

    private HostHookRunner Runner(bool enabled = true)
    {
        var scripted = new ScriptedProcessRunner().On("qemu-system-x86_64", standardOutput: "QEMU emulator version 7.2.99 (test)\n");
        var versions = new HostVersionProbe(scripted, TimeProvider.System);
        return new HostHookRunner(new HostHookRunnerOptions(_directory, enabled, "host-a", new DetachingRunner(scripted), versions, TimeProvider.System));
    }

    private static async Task<HostHookStatus> WaitEndedAsync(HostHookRunner runner, string id)
    {
        HostHookStatus? status = null;
        await AgentClusterWait(async () => (status = await runner.GetHookAsync(id, CancellationToken.None)) is { State: not HostHookState.Running }, $"hook {id} ended");
        return status!;
    }

    private static Task AgentClusterWait(Func<bool> condition, string what) => AgentClusterWait(() => Task.FromResult(condition()), what);

    private static Task AgentClusterWait(Func<Task<bool>> condition, string what) =>
        Support.AgentCluster.WaitUntilAsync(condition, what, TimeSpan.FromSeconds(60));

    private static UnixFileMode UnixMode(string path) => File.GetUnixFileMode(path);

    /// <summary>Real detached starts (the hooks), scripted runs (the version probe).</summary>
    private sealed class DetachingRunner(IProcessRunner scripted) : IProcessRunner
    {
        private readonly ProcessRunner _real = new(TimeProvider.System);

        public Task<ProcessResult> RunAsync(ProcessRequest request, CancellationToken cancellationToken) => scripted.RunAsync(request, cancellationToken);

        public IRunningProcess Start(ProcessRequest request) => _real.Start(request);

        public IDetachedProcess StartDetached(ProcessRequest request, string logFile) => _real.StartDetached(request, logFile);
    }
}
