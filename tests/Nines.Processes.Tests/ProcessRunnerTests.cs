using System.Globalization;
using System.Text;

namespace Nines.Processes.Tests;

/// <summary>The real runner on real short processes: exit codes, output, input, environment, working directory.</summary>
public sealed class ProcessRunnerTests
{
    private readonly ProcessRunner _runner = new(TimeProvider.System);

    [Fact]
    public async Task RunAsync_True_SucceedsWithNoOutput()
    {
        var result = await _runner.RunAsync(ProcessRequest.Of("/bin/true"), CancellationToken.None);

        result.Succeeded.ShouldBeTrue();
        result.ExitCode.ShouldBe(0);
        result.TimedOut.ShouldBeFalse();
        result.StandardOutput.ShouldBeEmpty();
        result.CommandLine.ShouldBe("/bin/true");
    }

    [Fact]
    public async Task RunAsync_NonZeroExit_IsAResultWithBothStreams()
    {
        var result = await _runner.RunAsync(ProcessRequest.Of("/bin/sh", "-c", "echo out; echo err >&2; exit 3"), CancellationToken.None);

        result.Succeeded.ShouldBeFalse();
        result.ExitCode.ShouldBe(3);
        result.StandardOutput.ShouldBe("out\n");
        result.StandardError.ShouldBe("err\n");
        result.CommandLine.ShouldBe("/bin/sh -c 'echo out; echo err >&2; exit 3'");
    }

    [Fact]
    public async Task RunAsync_ArgumentWithShellSyntax_IsOneWordNeverParsed()
    {
        var result = await _runner.RunAsync(ProcessRequest.Of("/bin/echo", "a; touch /tmp/x $(id) `id`"), CancellationToken.None);

        result.StandardOutput.ShouldBe("a; touch /tmp/x $(id) `id`\n");
    }

    [Fact]
    public async Task RunAsync_Input_IsWrittenThenClosed()
    {
        var request = ProcessRequest.Of("/bin/cat") with { Input = Encoding.UTF8.GetBytes("hello\nworld") };

        var result = await _runner.RunAsync(request, CancellationToken.None);

        result.StandardOutput.ShouldBe("hello\nworld");
    }

    [Fact]
    public async Task RunAsync_NoInput_StandardInputIsClosedAtOnce()
    {
        // cat would wait forever on an open, empty input.
        var result = await _runner.RunAsync(ProcessRequest.Of("/bin/cat") with { Timeout = TimeSpan.FromSeconds(60) }, CancellationToken.None);

        result.TimedOut.ShouldBeFalse();
        result.StandardOutput.ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_LargeOutputOnBothStreams_DoesNotDeadlock()
    {
        // Far more than a pipe holds (64 KiB) on each stream at once: both must be read while the program runs.
        var request = ProcessRequest.Of("/bin/sh", "-c", "seq 1 200000; seq 1 200000 >&2") with { Timeout = TimeSpan.FromMinutes(2) };

        var result = await _runner.RunAsync(request, CancellationToken.None);

        result.TimedOut.ShouldBeFalse();
        var expected = string.Concat(Enumerable.Range(1, 200000).Select(i => i.ToString(CultureInfo.InvariantCulture) + "\n"));
        result.StandardOutput.ShouldBe(expected);
        result.StandardError.ShouldBe(expected);
    }

    [Fact]
    public async Task RunAsync_LargeInputToProgramThatDoesNotRead_ReturnsItsExit()
    {
        var request = ProcessRequest.Of("/bin/sh", "-c", "exit 4") with { Input = new byte[4 * 1024 * 1024], Timeout = TimeSpan.FromMinutes(2) };

        var result = await _runner.RunAsync(request, CancellationToken.None);

        result.TimedOut.ShouldBeFalse();
        result.ExitCode.ShouldBe(4);
    }

    [Fact]
    public async Task RunAsync_StandardOutputTo_CopiesRawBytesAndLeavesTextEmpty()
    {
        using var sink = new MemoryStream();
        var request = ProcessRequest.Of("/usr/bin/printf", "\\001\\377\\000x") with { StandardOutputTo = sink };

        var result = await _runner.RunAsync(request, CancellationToken.None);

        result.Succeeded.ShouldBeTrue();
        result.StandardOutput.ShouldBeEmpty();
        sink.ToArray().ShouldBe(new byte[] { 1, 255, 0, (byte)'x' });
    }

    [Fact]
    public async Task RunAsync_Environment_HasCLocaleAndTheRequestsVariables()
    {
        var request = ProcessRequest.Of("/bin/sh", "-c", "echo \"$LC_ALL $NINES_TEST_VALUE\"") with
        {
            Environment = new Dictionary<string, string> { ["NINES_TEST_VALUE"] = "v1" },
        };

        var result = await _runner.RunAsync(request, CancellationToken.None);

        result.StandardOutput.ShouldBe("C v1\n");
    }

    [Fact]
    public async Task RunAsync_EnvironmentSetsLcAll_RequestWins()
    {
        var request = ProcessRequest.Of("/bin/sh", "-c", "echo \"$LC_ALL\"") with
        {
            Environment = new Dictionary<string, string> { ["LC_ALL"] = "C.UTF-8" },
        };

        (await _runner.RunAsync(request, CancellationToken.None)).StandardOutput.ShouldBe("C.UTF-8\n");
    }

    [Fact]
    public async Task RunAsync_WorkingDirectory_ProgramStartsThere()
    {
        var directory = Directory.CreateTempSubdirectory("nines-proc-").FullName;
        try
        {
            var result = await _runner.RunAsync(ProcessRequest.Of("/bin/pwd") with { WorkingDirectory = directory }, CancellationToken.None);

            result.StandardOutput.Trim().ShouldBe(directory);
        }
        finally
        {
            Directory.Delete(directory);
        }
    }

    [Fact]
    public async Task RunAsync_ProgramNotInstalled_ThrowsProcessStartExceptionNamingIt()
    {
        var error = await Should.ThrowAsync<ProcessStartException>(
            () => _runner.RunAsync(ProcessRequest.Of("nines-no-such-program"), CancellationToken.None));

        error.Program.ShouldBe("nines-no-such-program");
        error.Message.ShouldContain("nines-no-such-program");
    }

    [Fact]
    public async Task RunAsync_DefaultWait_CollectsOutputUntilItCloses()
    {
        // The background child prints after the shell has ended: without a grace the run waits for it.
        var request = ProcessRequest.Of("/bin/sh", "-c", "(sleep 0.5; echo late) & echo early") with { Timeout = TimeSpan.FromMinutes(1) };

        var result = await _runner.RunAsync(request, CancellationToken.None);

        result.StandardOutput.ShouldBe("early\nlate\n");
        result.TimedOut.ShouldBeFalse();
    }
}
