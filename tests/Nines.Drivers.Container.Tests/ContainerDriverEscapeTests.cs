using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Nines.Drivers.Container.Tests.Support;

namespace Nines.Drivers.Container.Tests;

/// <summary>
/// Escape attempts from inside a real instance, through the driver's exec (what <c>nines exec</c> runs): each must fail.
/// Every attempt here worked before the instances were sandboxed (all capabilities in the host's user namespace,
/// <c>chroot</c>, no device rules, no seccomp).
/// </summary>
public sealed class ContainerDriverEscapeTests : IDisposable
{
    private readonly string _markerDirectory = Directory.CreateTempSubdirectory("nines-escape-").FullName;
    private readonly string _secret = "nines-secret-" + RandomNumberGenerator.GetHexString(16, lowercase: true);

    private string Marker => Path.Combine(_markerDirectory, "marker");

    [RequiresRootFact]
    public async Task Exec_ReadHostFilesByEveryPath_SeesNeitherTheMarkerNorShadow()
    {
        await File.WriteAllTextAsync(Marker, _secret);
        await using var host = await ContainerTestHost.StartAsync();
        await host.StartAsync(ContainerTestHost.Instance("esc1"));

        // The instance's own mount namespace's root (where chroot left the host's root) and the host's /proc in it.
        var read = await host.ShellAsync("esc1", $"""
            cat /etc/shadow {Marker} /proc/1/root/etc/shadow /proc/1/root{Marker}
            nsenter --mount=/proc/1/ns/mnt -- /bin/cat /etc/shadow {Marker}
            true
            """);

        read.StandardOutput.ShouldNotContain(_secret);
        read.StandardOutput.ShouldNotContain(HostShadowFirstLine());
    }

    [RequiresRootFact]
    public async Task Exec_MknodOfTheHostDisk_RefusedSoItCannotBeReadOrMounted()
    {
        await File.WriteAllTextAsync(Marker, _secret);
        await using var host = await ContainerTestHost.StartAsync();
        await host.StartAsync(ContainerTestHost.Instance("esc2"));
        var (major, minor) = RootDevice();

        var attempt = await host.ShellAsync("esc2", $"""
            mknod /tmp/disk b {major} {minor} || exit 10
            dd if=/tmp/disk of=/dev/null bs=4096 count=1 || exit 11
            mkdir -p /tmp/m && mount /tmp/disk /tmp/m || exit 12
            cat /tmp/m{Marker}
            """);

        attempt.StandardOutput.ShouldNotContain(_secret);
        attempt.ExitCode.ShouldBe(10, $"mknod of block device {major}:{minor} must be refused: {attempt.StandardError}");
    }

    [RequiresRootFact]
    public async Task Exec_WriteProcSysOrMount_RefusedAndKernelPathsMasked()
    {
        await using var host = await ContainerTestHost.StartAsync();
        await host.StartAsync(ContainerTestHost.Instance("esc3"));

        // Writes back the value it reads: on an unconfined instance this changes nothing on the host, yet succeeds.
        var sysctl = await host.ShellAsync("esc3", "v=$(cat /proc/sys/kernel/sysrq) && echo $v > /proc/sys/kernel/sysrq");
        var tmpfs = await host.ShellAsync("esc3", "mkdir -p /tmp/t && mount -t tmpfs t /tmp/t");
        var proc = await host.ShellAsync("esc3", "mkdir -p /tmp/p && mount -t proc proc /tmp/p");
        var masked = await host.ShellAsync("esc3", "for f in /proc/kcore /proc/keys /proc/timer_list /proc/sched_debug; do head -c 64 $f 2>/dev/null; done | wc -c");

        sysctl.ExitCode.ShouldNotBe(0, "/proc/sys is read-only");
        tmpfs.ExitCode.ShouldNotBe(0, "mount(tmpfs) is refused");
        proc.ExitCode.ShouldNotBe(0, "mount(proc) is refused");
        masked.StandardOutput.Trim().ShouldBe("0", "kcore, keys, timer_list and sched_debug are masked");
    }

    [RequiresRootFact]
    public async Task Exec_SignalAHostProcess_TheProcessSurvives()
    {
        await using var host = await ContainerTestHost.StartAsync();
        await host.StartAsync(ContainerTestHost.Instance("esc4"));
        using var sleeper = Process.Start(new ProcessStartInfo("sleep", "1000") { UseShellExecute = false })!;
        try
        {
            var pid = sleeper.Id.ToString(CultureInfo.InvariantCulture);
            var agent = Path.Combine(_markerDirectory, "agent");
            var hierarchy = "nines-esc-" + RandomNumberGenerator.GetHexString(6, lowercase: true);

            // Directly (another PID namespace); then as a cgroup v1 release agent, which the kernel runs as root on the
            // host when the group empties (the agent is written through the mount namespace's root, the host's).
            await host.ShellAsync("esc4", $"""
                kill -9 {pid}
                nsenter --mount=/proc/1/ns/mnt -- /bin/sh -c "printf '#!/bin/sh\\nkill -9 {pid}\\n' > {agent} && chmod +x {agent}"
                mkdir -p /tmp/cg && mount -t cgroup -o none,name={hierarchy} cgroup /tmp/cg && mkdir -p /tmp/cg/x \
                  && echo {agent} > /tmp/cg/release_agent && echo 1 > /tmp/cg/x/notify_on_release && sh -c 'echo $$ > /tmp/cg/x/cgroup.procs'
                true
                """);

            // The release agent runs asynchronously: give it time to act.
            sleeper.WaitForExit(TimeSpan.FromSeconds(3)).ShouldBeFalse("a process on the host was killed from inside the instance");
        }
        finally
        {
            sleeper.Kill();
        }
    }

    [RequiresRootFact]
    public async Task Start_Instance_UnprivilegedOnTheHostWithNoNewPrivsSeccompOnlyTheAllowedDevicesAndAPidsLimit()
    {
        await using var host = await ContainerTestHost.StartAsync();
        var status = await host.StartAsync(ContainerTestHost.Instance("esc5"));

        var init = StatusFields(File.ReadAllLines($"/proc/{status.ProcessId}/status"));
        var exec = StatusFields((await host.ShellAsync("esc5", "cat /proc/self/status")).StandardOutput.Split('\n'));
        var devices = await host.ShellAsync("esc5", "for d in /dev/*; do [ -c $d ] || [ -b $d ] && echo ${d#/dev/}; done");
        var inside = await host.ShellAsync("esc5", "id -u");

        inside.StandardOutput.Trim().ShouldBe("0", "root inside");
        init["Uid"].Split('\t').ShouldAllBe(id => id != "0", "root inside maps to an unprivileged host uid");
        init["Gid"].Split('\t').ShouldAllBe(id => id != "0");
        foreach (var fields in new[] { init, exec })
        {
            fields["NoNewPrivs"].ShouldBe("1");
            fields["Seccomp"].ShouldBe("2");
            (ulong.Parse(fields["CapEff"], NumberStyles.HexNumber, CultureInfo.InvariantCulture) & (1UL << 21)).ShouldBe(0UL, "no CAP_SYS_ADMIN");
        }

        devices.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)
            .ShouldBe(["full", "null", "random", "tty", "urandom", "zero"]);
        (await host.Driver.SampleAsync("esc5", CancellationToken.None)).Cgroup!.PidsLimit.ShouldBe(1024, "the default pids limit");
    }

    [RequiresRootFact]
    public async Task Define_HostRootAsTheInstanceRoot_Refused()
    {
        await using var host = await ContainerTestHost.StartAsync();

        var error = await Should.ThrowAsync<Errors.InvalidDefinitionException>(
            () => host.Driver.DefineAsync(ContainerTestHost.Instance("esc6") with { Container = new ContainerDefinition(RootDirectory: "/") }, CancellationToken.None));

        error.Diagnostics.Single().ShouldSatisfyAllConditions(
            d => d.Code.ShouldBe("NX7204"),
            d => d.Field.ShouldBe("vm[esc6].container.rootDirectory"));
    }

    public void Dispose() => Directory.Delete(_markerDirectory, recursive: true);

    private static string HostShadowFirstLine() => File.ReadLines("/etc/shadow").First();

    /// <summary>The device number of the file system at <c>/</c> (mountinfo's third field).</summary>
    private static (string Major, string Minor) RootDevice()
    {
        var root = File.ReadLines("/proc/self/mountinfo").Select(l => l.Split(' ')).First(f => f[4] == "/");
        var device = root[2].Split(':');
        return (device[0], device[1]);
    }

    private static Dictionary<string, string> StatusFields(IEnumerable<string> lines) => lines
        .Select(l => l.Split(':', 2))
        .Where(p => p.Length == 2)
        .ToDictionary(p => p[0], p => p[1].Trim(), StringComparer.Ordinal);
}
