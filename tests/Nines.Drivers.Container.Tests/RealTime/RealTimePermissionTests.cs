using System.Diagnostics;
using Nines.Drivers.Container.Tests.Support;
using Nines.Drivers.RealTime;

namespace Nines.Drivers.Container.Tests.RealTime;

/// <summary>
/// The permission check against the kernel itself: a real process made unable to use SCHED_FIFO (no CAP_SYS_NICE in
/// its bounding set, RLIMIT_RTPRIO 0) reports its status and limits, and <c>chrt</c> in it gets EPERM — the check must
/// refuse exactly that process and accept this one (root).
/// </summary>
public sealed class RealTimePermissionTests
{
    [RequiresRootFact]
    public async Task Refusal_ProcessWithoutCapSysNiceAndRtprioZero_RefusedAsTheKernelDoes()
    {
        var output = await RunAsync(
            "setpriv", "--inh-caps=-sys_nice", "--bounding-set=-sys_nice", "prlimit", "--rtprio=0",
            "sh", "-c", "cat /proc/self/status; echo @@; cat /proc/self/limits; echo @@; chrt -f 10 true 2>/dev/null; echo $?");
        var parts = output.Split("@@\n");

        parts[2].Trim().ShouldNotBe("0", "the kernel refuses SCHED_FIFO to this process (sched_setscheduler EPERM)");
        RealTimePermission.Refusal(parts[0], parts[1], 10).ShouldBe("RLIMIT_RTPRIO is 0 (below priority 10) and the manager lacks CAP_SYS_NICE");
    }

    // Raising RLIMIT_RTPRIO above 0 needs CAP_SYS_RESOURCE, which root lacks in some sandboxes: texts in /proc format.
    [Theory]
    [InlineData("CapEff:\t000001fffe7fffff\n", 20, null)]
    [InlineData("CapEff:\t000001fffe7fffff\n", 21, "RLIMIT_RTPRIO is 20 (below priority 21) and the manager lacks CAP_SYS_NICE")]
    [InlineData("CapEff:\t000001fffeffffff\n", 99, null)]
    public void Refusal_RtprioTwentyWithOrWithoutCapSysNice_AllowedUpToTheLimitWithoutIt(string status, int priority, string? expected) =>
        RealTimePermission.Refusal(status, "Max realtime priority     20                   20                   \n", priority).ShouldBe(expected);

    [RequiresRootFact]
    public void Refusal_ThisRootProcess_Allowed()
    {
        RealTimePermission.Refusal(File.ReadAllText("/proc/self/status"), File.ReadAllText("/proc/self/limits"), 99).ShouldBeNull();
    }

    [Theory]
    [InlineData("Max realtime priority     0                    0                    \n", 0)]
    [InlineData("Max realtime priority     unlimited            unlimited            \n", int.MaxValue)]
    [InlineData("Max nice priority         0                    0                    \n", null)]
    public void RealTimePriorityLimit_LimitsLine_SoftValue(string limits, int? expected) =>
        RealTimePermission.RealTimePriorityLimit(limits).ShouldBe(expected);

    private static async Task<string> RunAsync(params string[] command)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0, error);
        return output;
    }
}
