using System.Diagnostics;
using Nines.Testing;

namespace Nines.Cli.Tests.Commands;

/// <summary>
/// The checkout's <c>./nines</c> launcher (issue 26, papercut 6): it rebuilds the CLI when a source is newer than the
/// build, and several calls at once must build once, not each into the same output. The script runs as written, in a
/// copy of the checkout's layout whose <c>dotnet</c> on <c>PATH</c> is a slow recording build (a real build takes a
/// minute; what is tested is the script's own decision and lock, not the compiler).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class LauncherScriptTests : IDisposable
{
    private const string SlowDotnet = """
        #!/usr/bin/env bash
        # Records each call; "build … -o OUT" takes 2 s and writes OUT/nines.dll with a counter, as a real build would.
        log="$(dirname "$0")/calls.log"
        if [ "$1" = "build" ]; then
          out=""; prev=""
          for a in "$@"; do [ "$prev" = "-o" ] && out="$a"; prev="$a"; done
          echo "build-start $$" >> "$log"
          mkdir -p "$out"
          : > "$out/nines.dll.partial"
          sleep 2
          mv "$out/nines.dll.partial" "$out/nines.dll"
          echo "build-end $$" >> "$log"
          exit 0
        fi
        echo "run $1 ${2:-}" >> "$log"
        [ -f "$1" ] || { echo "missing $1" >&2; exit 3; }
        echo "ran"
        """;

    private readonly string _root = Directory.CreateTempSubdirectory("nines-launcher-").FullName;
    private readonly string _bin;

    public LauncherScriptTests()
    {
        File.Copy(RepositoryPaths.Combine("nines"), Path.Combine(_root, "nines"));
        File.SetUnixFileMode(Path.Combine(_root, "nines"), (UnixFileMode)0b111_101_101);
        Directory.CreateDirectory(Path.Combine(_root, "src", "Nines.Cli"));
        File.WriteAllText(Path.Combine(_root, "src", "Nines.Cli", "Program.cs"), "// source\n");
        File.WriteAllText(Path.Combine(_root, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(_root, "Directory.Packages.props"), "<Project />\n");
        _bin = Path.Combine(_root, "fake-bin");
        Directory.CreateDirectory(_bin);
        File.WriteAllText(Path.Combine(_bin, "dotnet"), SlowDotnet.ReplaceLineEndings("\n") + "\n");
        File.SetUnixFileMode(Path.Combine(_bin, "dotnet"), (UnixFileMode)0b111_101_101);
    }

    [Fact]
    public async Task Launcher_ThreeCallsAtOnceOnAStaleBuild_BuildsOnceAndAllThreeRunTheBuiltCli()
    {
        var calls = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => RunAsync("status", $"call{i}")));

        foreach (var call in calls)
        {
            call.ExitCode.ShouldBe(0, call.Error);
            call.Out.ShouldContain("ran");
        }

        var log = CallLog();
        log.Count(line => line.StartsWith("build-start", StringComparison.Ordinal)).ShouldBe(1, string.Join('\n', log));
        log.Count(line => line.StartsWith("run ", StringComparison.Ordinal)).ShouldBe(3, string.Join('\n', log));
    }

    [Fact]
    public async Task Launcher_SourceNewerThanTheBuild_RebuildsOnce_AndNotAgainWhileNothingChanged()
    {
        (await RunAsync("status")).ExitCode.ShouldBe(0);
        (await RunAsync("status")).ExitCode.ShouldBe(0);
        var source = Path.Combine(_root, "src", "Nines.Cli", "Program.cs");
        File.SetLastWriteTimeUtc(source, File.GetLastWriteTimeUtc(Path.Combine(_root, ".nines", "cli", "nines.dll")).AddSeconds(5));
        (await RunAsync("status")).ExitCode.ShouldBe(0);

        CallLog().Count(line => line.StartsWith("build-start", StringComparison.Ordinal)).ShouldBe(2);
        CallLog().Count(line => line.StartsWith("run ", StringComparison.Ordinal)).ShouldBe(3);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string[] CallLog()
    {
        var path = Path.Combine(_bin, "calls.log");
        return File.Exists(path) ? File.ReadAllLines(path) : [];
    }

    private async Task<(int ExitCode, string Out, string Error)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo(Path.Combine(_root, "nines"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["PATH"] = _bin + ":" + Environment.GetEnvironmentVariable("PATH");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(deadline.Token);
        return (process.ExitCode, await output, await error);
    }
}
