using System.Diagnostics;

namespace Nines.Processes.Tests;

/// <summary>The /proc reader: parsing is hostile-input safe, and the readers answer for live and gone processes.</summary>
public sealed class ProcFsTests
{
    private static readonly int _self = Environment.ProcessId;

    [Fact]
    public void ParseStat_ZombieKilledBySignal9_ReportsSignal()
    {
        var fields = string.Join(' ', Enumerable.Range(4, 49).Select(i => i switch { 14 => "120", 15 => "30", 22 => "5000", 52 => "9", _ => "0" }));
        var stat = ProcFs.ParseStat($"123 (qemu (x) y) Z {fields}")!;

        stat.IsZombie.ShouldBeTrue();
        stat.CpuTicks.ShouldBe(150);
        stat.StartTicks.ShouldBe(5000);
        stat.TermSignal.ShouldBe(9);
        stat.ExitCode.ShouldBeNull();
    }

    [Fact]
    public void ParseStat_ZombieThatExitedWith3_ReportsExitCode()
    {
        var fields = string.Join(' ', Enumerable.Range(4, 49).Select(i => i == 52 ? (3 << 8).ToString(System.Globalization.CultureInfo.InvariantCulture) : "0"));
        var stat = ProcFs.ParseStat($"7 (sh) Z {fields}")!;

        stat.TermSignal.ShouldBeNull();
        stat.ExitCode.ShouldBe(3);
    }

    [Theory]
    [InlineData("")]
    [InlineData("123 (x")]
    [InlineData("123 (x)")]
    [InlineData("123 (x) R 1 2 3")]
    [InlineData("123 (x) R a b c d e f g h i j k l m n o p q r s t u v w")]
    public void ParseStat_Malformed_ReturnsNull(string text) => ProcFs.ParseStat(text).ShouldBeNull();

    [Fact]
    public void Readers_OwnProcess_SeeItAlive()
    {
        ProcFs.IsAlive(_self).ShouldBeTrue();
        ProcFs.ReadStat(_self)!.IsZombie.ShouldBeFalse();
        ProcFs.ReadCommandLine(_self).ShouldNotBeEmpty();
        ProcFs.Cgroups(_self).ShouldNotBeEmpty();
        ProcFs.ReadRssBytes(_self).ShouldNotBeNull().ShouldBeGreaterThan(0);
        ProcFs.ReadStatusIds(_self, "Gid:")!.Length.ShouldBe(4);
        ProcFs.ProcessIds().ShouldContain(_self);
        ProcFs.HostUptimeSeconds().ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Readers_ProcessGone_AnswerNothingWithoutThrowing()
    {
        using var done = Process.Start(new ProcessStartInfo("/bin/true"))!;
        done.WaitForExit();
        var gone = done.Id;

        ProcFs.IsAlive(gone).ShouldBeFalse();
        ProcFs.ReadStat(gone).ShouldBeNull();
        ProcFs.ReadCommandLine(gone).ShouldBeEmpty();
        ProcFs.Cgroups(gone).ShouldBeEmpty();
        ProcFs.ReadUid(gone).ShouldBeNull();
        ProcFs.ReadRssBytes(gone).ShouldBeNull();
        ProcFs.CatchesSignal(gone, ProcessSignals.SigTerm).ShouldBeFalse();
    }

    [Fact]
    public async Task CatchesSignal_ShellWithTrap_SeesTheHandler()
    {
        var runner = new ProcessRunner(TimeProvider.System);
        var trapping = runner.Start(ProcessRequest.Of("/bin/sh", "-c", "trap 'exit 0' TERM; echo ready; while :; do sleep 0.05; done"));
        var plain = runner.Start(ProcessRequest.Of("/bin/sleep", "30"));
        await using (trapping)
        await using (plain)
        {
            (await Eventually.TrueAsync(() => trapping.Output.Contains("ready", StringComparison.Ordinal), TimeSpan.FromSeconds(20))).ShouldBeTrue();

            ProcFs.CatchesSignal(trapping.Id, ProcessSignals.SigTerm).ShouldBeTrue();
            ProcFs.CatchesSignal(plain.Id, ProcessSignals.SigTerm).ShouldBeFalse();
            ProcFs.CatchesSignal(plain.Id, 0).ShouldBeFalse();
            ProcFs.CatchesSignal(plain.Id, 65).ShouldBeFalse();
        }
    }

    [Theory]
    [InlineData("1234\n", 1234)]
    [InlineData("  77 ", 77)]
    [InlineData("", null)]
    [InlineData("0", null)]
    [InlineData("-5", null)]
    [InlineData("+5", null)]
    [InlineData("12abc", null)]
    [InlineData("99999999999999", null)]
    public void ReadPidFile_Contents_PositiveNumbersOnly(string content, int? expected)
    {
        var path = Path.Combine(Path.GetTempPath(), $"nines-pid-{Guid.NewGuid():N}");
        File.WriteAllText(path, content);
        try
        {
            ProcFs.ReadPidFile(path).ShouldBe(expected);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ReadPidFile_Missing_ReturnsNull() =>
        ProcFs.ReadPidFile(Path.Combine(Path.GetTempPath(), $"nines-none-{Guid.NewGuid():N}")).ShouldBeNull();
}
