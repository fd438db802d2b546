using System.Diagnostics;
using Nines.Contracts.Model;
using Nines.Drivers;
using Nines.Drivers.Qemu;
using Xunit.Abstractions;

namespace Nines.Embedded.Tests.EndToEnd;

/// <summary>
/// Issue 4's durability promise on the real thing: the embedded host process is killed with SIGKILL in the middle of
/// deploying the tutorial (some guests up, some not yet), a new one starts on the same data directory, and the
/// deployment converges with exactly one QEMU per VM (the ones already running re-attached, not relaunched), one tap
/// per interface and one bridge.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class KillRestartEndToEndTests(ITestOutputHelper output)
{
    [RequiresRealHostFact]
    public async Task Restart_AfterKillMidDeploy_ConvergesWithoutDuplicateQemuTapOrBridge()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var ct = timeout.Token;
        await using var ns = await TestNetworkNamespace.CreateAsync();
        await using var data = new EndToEndDataDirectory();
        var clock = Stopwatch.StartNew();

        var killedWith = await RunAndKillMidDeployAsync(data, ns.Name, ct);
        var survivors = data.LiveVmProcesses();
        var survivorNames = string.Join(", ", survivors.Select(pid => $"{pid} {VmIdOf(pid)}"));
        output.WriteLine($"killed after {clock.Elapsed.TotalSeconds:0.0} s with {killedWith} QEMU running ({survivors.Count} still running after the kill)");
        survivors.Count.ShouldBeGreaterThanOrEqualTo(2, "QEMU processes outlive the killed manager");

        clock.Restart();
        var host = await EmbeddedHost.StartAsync(new EmbeddedHostOptions { DataDirectory = data.Path, NetworkNamespace = ns.Name }, ct);
        try
        {
            host.Ovs!.Owned.ShouldBeTrue("the restarted host adopts the Open vSwitch daemons the killed one started");
            var outcome = await host.DeployFileAsync(TutorialEndToEndTests.TutorialPath, null, null, ct);
            output.WriteLine($"converged {clock.Elapsed.TotalSeconds:0.0} s after the restart");

            foreach (var e in (await host.Events.ListAsync(null, null, ct)).Events)
            {
                output.WriteLine($"{e.Time:HH:mm:ss.fff} {e.Kind} {e.Subject} {e.Reason} {e.Message}");
            }

            output.WriteLine($"survivors: {survivorNames}");
            outcome.Succeeded.ShouldBeTrue($"{outcome.Operation.State}: {outcome.Operation.Error}");
            output.WriteLine($"accelerator {((IQemuDriver)host.Driver.Vms).Accelerator}");
            data.LiveQemuProcesses().Count.ShouldBe(5, "no accelerator probe or other QEMU is left over");
            var qemu = data.LiveVmProcesses();
            qemu.Count.ShouldBe(5, "exactly one QEMU per VM");
            qemu.Select(VmIdOf).Order().ShouldBe([.. new[] { "uml1", "uml2", "uml3", "uml4", "uml5" }.Select(outcome.Deployment.VmId)]);
            survivors.ShouldBeSubsetOf(qemu, "guests running at the kill are re-attached, not relaunched");
            (await ns.LinksAsync()).Count(l => l.StartsWith("nt", StringComparison.Ordinal)).ShouldBe(8, "one tap per VM interface");
            (await host.Ovs.VsctlAsync(["list-br"], ct)).ThrowIfFailed().StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldBe(["nines0"]);
            (await host.Ovs.VsctlAsync(["list-ports", "nines0"], ct)).StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(9);
            var ping = await host.Driver.ExecAsync(outcome.Deployment.VmId("uml1"), GuestCommand.Shell("ping -c 3 -W 2 10.0.2.2", TimeSpan.FromSeconds(30)), ct);
            ping.Succeeded.ShouldBeTrue($"after the restart uml1 cannot reach uml5: {ping.StandardOutput} {ping.StandardError}");

            (await host.UndeployAsync(outcome.Deployment, null, ct)).ShouldNotBeNull().State.ShouldBe(OperationState.COMPLETED);
            data.LiveQemuProcesses().ShouldBeEmpty();
            (await ns.LinksAsync()).ShouldNotContain(l => l.StartsWith("nt", StringComparison.Ordinal) || l.StartsWith("nh", StringComparison.Ordinal));
        }
        finally
        {
            await host.StopAsync(tearDown: true, CancellationToken.None);
        }
    }

    /// <summary>
    /// Runs the embedded host as a child process and SIGKILLs it once some guests run and others do not yet (seen in
    /// /proc: the operation's progress is written only between the agent's passes, too coarse to aim at).
    /// </summary>
    private static async Task<int> RunAndKillMidDeployAsync(EndToEndDataDirectory data, string ns, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "exec", typeof(EmbeddedDeployChild).Assembly.Location, EmbeddedDeployChild.Command, data.Path, ns, TutorialEndToEndTests.TutorialPath })
        {
            start.ArgumentList.Add(argument);
        }

        using var child = Process.Start(start).ShouldNotBeNull();
        var stdout = child.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = child.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            while (!child.HasExited)
            {
                var running = data.LiveVmProcesses().Count;
                if (running is >= 2 and < 5)
                {
                    // Process.Kill is SIGKILL on Unix: no disposal, no cleanup, possibly mid-call.
                    child.Kill();
                    await child.WaitForExitAsync(cancellationToken);
                    (await stdout).ShouldNotContain("DONE", Case.Sensitive, "the deploy was killed before it finished");
                    return running;
                }

                await Task.Delay(50, cancellationToken);
            }

            throw new ShouldAssertException($"the embedded host exited early: {await stdout} {await stderr}");
        }
        finally
        {
            if (!child.HasExited)
            {
                child.Kill();
            }
        }
    }

    private static string VmIdOf(int pid)
    {
        var arguments = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
        var name = arguments[Array.IndexOf(arguments, "-name") + 1];
        return name.Split(',')[0];
    }
}
