using Nines.Drivers.Container.Tests.Support;

namespace Nines.Drivers.Container.Tests;

/// <summary>Real instances: namespaces, root, host name, exec and file writes.</summary>
public sealed class ContainerDriverIsolationTests
{
    [RequiresRootFact]
    public async Task Start_BusyboxInstance_SeesOnlyItsOwnProcessesHostnameAndNetwork()
    {
        await using var host = await ContainerTestHost.StartAsync();
        var status = await host.StartAsync(ContainerTestHost.Instance("iso1"));

        status.State.ShouldBe(VmState.Running);
        status.GuestReady.ShouldBeTrue();
        status.ProcessId.ShouldNotBeNull().ShouldNotBe(1);
        // What ps lists (busybox's static ps cannot load NSS for user names, so list /proc as it would).
        var ps = await host.ShellAsync("iso1", "echo PID COMM; for p in /proc/[0-9]*; do echo ${p#/proc/} $(cat $p/comm); done");
        ps.ExitCode.ShouldBe(0, ps.StandardError);
        var pids = ps.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(l => int.Parse(l.Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        pids.ShouldContain(1);
        pids.Count.ShouldBeLessThan(6, ps.StandardOutput);
        ps.StandardOutput.ShouldNotContain("dotnet");
        (await host.ShellAsync("iso1", "hostname")).StandardOutput.Trim().ShouldBe("iso1");
        (await host.ShellAsync("iso1", "ls /sys/class/net 2>/dev/null || ip -o link | cut -d: -f2")).StandardOutput.Split(['\n', ' '], StringSplitOptions.RemoveEmptyEntries).ShouldBe(["lo"]);
        File.ReadAllText($"/proc/{status.ProcessId}/cgroup").ShouldContain($"{host.Options.CgroupParent}/iso1");
        (await File.ReadAllTextAsync("/proc/self/cgroup")).ShouldNotContain(host.Options.CgroupParent);
        $"/proc/{status.ProcessId}/ns/net".ShouldSatisfyAllConditions(
            p => new FileInfo(p).ResolveLinkTarget(false)!.Name.ShouldNotBe(new FileInfo("/proc/self/ns/net").ResolveLinkTarget(false)!.Name),
            p => new FileInfo(p.Replace("/net", "/pid", StringComparison.Ordinal)).ResolveLinkTarget(false)!.Name.ShouldNotBe(new FileInfo("/proc/self/ns/pid").ResolveLinkTarget(false)!.Name));
    }

    [RequiresRootFact]
    public async Task ExecAndWriteFile_Running_ReturnExitCodeOutputAndWriteIntoTheOverlayOnly()
    {
        await using var host = await ContainerTestHost.StartAsync();
        await host.StartAsync(ContainerTestHost.Instance("ex1"));

        var failed = await host.ShellAsync("ex1", "echo out; echo err >&2; exit 7");
        failed.ExitCode.ShouldBe(7);
        failed.StandardOutput.ShouldBe("out\n");
        failed.StandardError.ShouldBe("err\n");
        await host.Driver.WriteFileAsync("ex1", "/etc/nines/hello.txt", "hello\n"u8.ToArray(), CancellationToken.None);
        (await host.ShellAsync("ex1", "cat /etc/nines/hello.txt")).StandardOutput.ShouldBe("hello\n");
        var input = await host.Driver.ExecAsync("ex1", new GuestCommand("/bin/cat", Input: "piped"), CancellationToken.None);
        input.StandardOutput.ShouldBe("piped");
        var shared = await host.Driver.EnsureBusyboxRootAsync(CancellationToken.None);
        File.Exists(Path.Combine(shared, "etc", "nines", "hello.txt")).ShouldBeFalse("the shared root is read-only under the overlay");
    }

    [RequiresRootFact]
    public async Task Define_BadAttachmentRootAndPriority_RefusedWithEveryError()
    {
        await using var host = await ContainerTestHost.StartAsync();
        var bad = ContainerTestHost.Instance("bad1") with
        {
            Nics = [new NicDefinition(0, "02:00:00:00:00:01", "net0", "tap:foo")],
            Container = new ContainerDefinition(RootDirectory: "/nonexistent-root"),
            Qos = new Domain.Scenarios.QosSpec(RealTimePriority: 100),
        };

        var error = await Should.ThrowAsync<Errors.InvalidDefinitionException>(() => host.Driver.DefineAsync(bad, CancellationToken.None));

        error.Diagnostics.Select(d => d.Code).Order().ShouldBe(["NX7201", "NX7202", "NX7203"]);
        error.Message.ShouldContain("out of range");
    }
}
