using System.Diagnostics;
using Nines.Agent.Guard;

namespace Nines.Agent.Tests.Guard;

public sealed class HostVmProcessesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("nines-guard-").FullName;
    private readonly List<Process> _started = [];

    [Fact]
    public void KillAll_LaunchersOfThisHostAndAnother_KillsOnlyThisHostsAndNamesTheirVms()
    {
        var ours = Launch(Path.Combine(_root, "h1"), "instances", "t.d.a");
        var qemuLike = Launch(Path.Combine(_root, "h1"), "vms", "t.d.b");
        var theirs = Launch(Path.Combine(_root, "h2"), "instances", "t.d.a");

        var found = HostVmProcesses.Find(Path.Combine(_root, "h1"));
        found.ShouldContain(new HostVmProcess("t.d.a", ours.Id));
        found.ShouldContain(new HostVmProcess("t.d.b", qemuLike.Id));
        found.ShouldNotContain(p => p.Pid == theirs.Id, "another host's copy of the same VM is not ours to kill");

        var killed = HostVmProcesses.KillAll(Path.Combine(_root, "h1"));

        killed.Select(k => k.VmId).Order().ShouldBe(["t.d.a", "t.d.b"]);
        ours.WaitForExit(10_000).ShouldBeTrue();
        qemuLike.WaitForExit(10_000).ShouldBeTrue();
        theirs.HasExited.ShouldBeFalse();
        HostVmProcesses.Find(Path.Combine(_root, "h1")).ShouldBeEmpty();
    }

    [Fact]
    public void Find_NoRunDirectories_FindsNothing() =>
        HostVmProcesses.Find(Path.Combine(_root, "empty")).ShouldBeEmpty();

    [Fact]
    public void StartTicks_LiveAndGoneProcess_IdentityOnlyWhileItRuns()
    {
        var process = Launch(Path.Combine(_root, "h3"), "instances", "x");
        ProcessProbe.IsAlive(process.Id).ShouldBeTrue();
        ProcessProbe.StartTicks(process.Id).ShouldNotBeNull();

        ProcessProbe.Kill(process.Id).ShouldBeTrue();
        process.WaitForExit(10_000).ShouldBeTrue();

        ProcessProbe.IsAlive(process.Id).ShouldBeFalse();
    }

    public void Dispose()
    {
        foreach (var process in _started)
        {
            if (!process.HasExited)
            {
                process.Kill();
            }

            process.Dispose();
        }

        Directory.Delete(_root, recursive: true);
    }

    /// <summary>A shell running a script in a VM's run directory, as an instance's launcher runs <c>…/init.sh</c>.</summary>
    private Process Launch(string data, string kind, string id)
    {
        var run = Path.Combine(data, kind, id);
        Directory.CreateDirectory(run);
        var script = Path.Combine(run, "init.sh");

        // Blocks in the shell itself (opening a FIFO nobody writes), so killing the shell leaves no child behind.
        File.WriteAllText(script, "mkfifo \"$0.fifo\"\nread x < \"$0.fifo\"\n");
        var process = Process.Start(new ProcessStartInfo("/bin/sh", [script]) { UseShellExecute = false })!;
        _started.Add(process);
        return process;
    }
}
