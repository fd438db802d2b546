using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace Nines.Drivers.Qemu.Tests.Driver;

/// <summary>
/// A real guest's QEMU as the host sees it: its own unprivileged uid and gid, a seccomp filter, and files that only it
/// (sockets, pid file) or only the driver (definition, state, logs, suspend image) can reach.
/// </summary>
[Collection(RealGuestCollection.Name)]
public sealed class QemuDriverConfinementTests(GuestImageFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan _boot = TimeSpan.FromSeconds(60);

    [RealGuestFact]
    public async Task Start_RealGuest_QemuRunsAsItsOwnUserUnderSeccompWithPrivateFiles()
    {
        var options = fixture.Options("conf");
        await using var driver = await QemuDriverFactory.CreateAsync(options, CancellationToken.None);
        await using var events = new EventRecorder(driver);
        var ct = CancellationToken.None;
        await driver.DefineAsync(fixture.Guest("conf1"), ct);
        var pid = (await driver.StartAsync("conf1", ct)).ProcessId!.Value;
        await events.WaitForAsync("conf1", VmEventKind.GuestReady, _boot);

        var status = File.ReadAllLines($"/proc/{pid}/status");
        output.WriteLine(string.Join("\n", status.Where(l => l.StartsWith("Uid:") || l.StartsWith("Gid:") || l.StartsWith("Groups:") || l.StartsWith("Seccomp") || l.StartsWith("CapEff:"))));
        var uids = Ids(status, "Uid:");
        var gids = Ids(status, "Gid:");
        var me = Ids(File.ReadAllLines("/proc/self/status"), "Uid:")[0];
        var root = me == 0;
        if (root)
        {
            // Real, effective, saved and filesystem ids: all the VM's own, none root.
            uids.ShouldAllBe(u => u == uids[0]);
            uids[0].ShouldBeInRange(options.FirstGuestUid, options.FirstGuestUid + options.GuestUidCount - 1);
            gids.ShouldBe([uids[0], uids[0], uids[0], uids[0]]);
            Field(status, "Groups:").ShouldBe(uids[0].ToString(CultureInfo.InvariantCulture));
            Field(status, "CapEff:").ShouldBe("0000000000000000");
            OtherProcessesOf(uids[0], pid).ShouldBeEmpty("another process runs as this VM's uid");
        }

        Field(status, "Seccomp:").ShouldBe("2");
        int.Parse(Field(status, "Seccomp_filters:"), CultureInfo.InvariantCulture).ShouldBeGreaterThanOrEqualTo(1);
        File.ReadAllText($"/proc/{pid}/cmdline").Split('\0').ShouldContain("on,obsolete=deny,spawn=deny,resourcecontrol=deny");

        var run = Path.Combine(driver.StateDirectory, "conf1");
        var qemu = Path.Combine(run, "qemu");
        var vmUser = root ? uids[0] : me;
        Stat(run).ShouldBe((me, me, "700", "directory"));
        Stat(qemu).ShouldBe((vmUser, vmUser, "700", "directory"));
        Stat(Path.Combine(qemu, "qmp.sock")).ShouldBe((vmUser, vmUser, "600", "socket"));
        Stat(Path.Combine(qemu, "qga.sock")).ShouldBe((vmUser, vmUser, "600", "socket"));
        Stat(Path.Combine(qemu, "qemu.pid")).ShouldBe((vmUser, vmUser, "600", "regular file"));
        Stat(Path.Combine(run, "console.log")).ShouldBe((me, me, "600", "regular file"));
        Stat(Path.Combine(run, "qemu.log")).ShouldBe((me, me, "600", "regular file"));

        // Suspend and restore still work with a QEMU that cannot open the file nor exec `cat`: it is handed the descriptor.
        var state = Path.Combine(fixture.Root, "conf1.state");

        // A symbolic link planted where the state file goes is neither followed nor replaced; the guest runs on.
        var target = Path.Combine(fixture.Root, "conf1-target");
        File.WriteAllText(target, "untouched");
        File.CreateSymbolicLink(state, target);
        var refused = await Should.ThrowAsync<Errors.DriverFailureException>(() => driver.SuspendAsync("conf1", state, ct));
        refused.Message.ShouldContain("a symbolic link is in its place");
        File.ReadAllText(target).ShouldBe("untouched");
        (await driver.InspectAsync("conf1", ct)).State.ShouldBe(VmState.Running);
        File.Delete(state);

        (await driver.SuspendAsync("conf1", state, ct)).State.ShouldBe(VmState.Suspended);
        Stat(state).ShouldBe((me, me, "600", "regular file"));
        (await driver.RestoreAsync("conf1", state, ct)).State.ShouldBe(VmState.Running);
        (await driver.ExecAsync("conf1", new GuestCommand("/bin/true"), ct)).ExitCode.ShouldBe(0);

        await driver.DestroyAsync("conf1", ct);
        await driver.RemoveAsync("conf1", ct);
        File.Delete(state);
    }

    [RealGuestFact]
    public async Task Start_QemuRefusesItsArguments_FailsWithWhatQemuPrinted()
    {
        await using var driver = await QemuDriverFactory.CreateAsync(fixture.Options("conf-bad"), CancellationToken.None);
        var ct = CancellationToken.None;
        // A kernel that vanished after define: QEMU exits at once, and the error says why.
        var kernel = Path.Combine(fixture.Root, "vanishing-vmlinux");
        File.Copy(fixture.Image.KernelPath, kernel);
        await driver.DefineAsync(fixture.Guest("bad2") with { Boot = fixture.Guest("bad2").Boot with { KernelPath = kernel } }, ct);
        File.Delete(kernel);
        var error = await Should.ThrowAsync<Errors.DriverFailureException>(() => driver.StartAsync("bad2", ct));
        output.WriteLine(error.Message);
        error.Message.ShouldContain("QEMU exited");
        error.Message.ShouldContain("vanishing-vmlinux");
        (await driver.InspectAsync("bad2", ct)).State.ShouldBe(VmState.Defined);
        await driver.RemoveAsync("bad2", ct);
    }

    private static uint[] Ids(string[] status, string field) =>
        [.. Field(status, field).Split('\t', ' ', StringSplitOptions.RemoveEmptyEntries).Select(v => uint.Parse(v, CultureInfo.InvariantCulture))];

    private static string Field(string[] status, string field) => status.Single(l => l.StartsWith(field, StringComparison.Ordinal))[field.Length..].Trim();

    private static List<int> OtherProcessesOf(uint uid, int except) =>
        [.. Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var p) ? p : 0)
            .Where(p => p > 0 && p != except)
            .Where(p =>
            {
                try
                {
                    return Ids(File.ReadAllLines($"/proc/{p}/status"), "Uid:")[0] == uid;
                }
                catch (IOException)
                {
                    return false;
                }
            })];

    private static (uint Uid, uint Gid, string Mode, string Type) Stat(string path)
    {
        using var stat = Process.Start(new ProcessStartInfo("stat", ["-c", "%u %g %a %F", path]) { RedirectStandardOutput = true })!;
        var words = stat.StandardOutput.ReadToEnd().Trim().Split(' ', 4);
        stat.WaitForExit();
        stat.ExitCode.ShouldBe(0, $"stat {path}");
        var type = words[3] == "regular empty file" ? "regular file" : words[3];
        return (uint.Parse(words[0], CultureInfo.InvariantCulture), uint.Parse(words[1], CultureInfo.InvariantCulture), words[2], type);
    }
}
