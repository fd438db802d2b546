using System.Diagnostics;
using System.Globalization;

namespace Nines.Bench.Raw;

/// <summary>Runs the raw half: writes the script, times it, then kills every QEMU it started.</summary>
public static class RawBootRound
{
    /// <summary>
    /// The time from launching the script (in <paramref name="roundDirectory"/>) to its exit with every guest ready,
    /// at most <paramref name="bootConcurrency"/> booting at once; the round fails after <paramref name="timeout"/>.
    /// </summary>
    public static async Task<TimeSpan> RunAsync(IReadOnlyList<RawLaunch> launches, string roundDirectory, int bootConcurrency, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(launches);
        Directory.CreateDirectory(roundDirectory);
        foreach (var launch in launches)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(launch.ConsoleLogPath)!);
            File.Delete(launch.ConsoleLogPath);

            // The driver makes the directory of the pid file and sockets (the VM's qemu/) before it launches, and removes
            // it with the VM: a command line captured from a deployment that is gone needs it made again.
            var pidFileAt = launch.Arguments.ToList().IndexOf("-pidfile");
            if (pidFileAt >= 0 && pidFileAt + 1 < launch.Arguments.Count)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(launch.Arguments[pidFileAt + 1])!);
            }
        }

        var pidFile = Path.Combine(roundDirectory, "raw.pids");
        var scriptPath = Path.Combine(roundDirectory, "raw-boot.sh");
        await File.WriteAllTextAsync(scriptPath, RawBootScript.Write(launches, bootConcurrency, pidFile, timeout), cancellationToken);
        var start = new ProcessStartInfo("bash", [scriptPath]) { RedirectStandardError = true, UseShellExecute = false };
        try
        {
            var started = TimeProvider.System.GetTimestamp();
            using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            var elapsed = TimeProvider.System.GetElapsedTime(started);
            if (process.ExitCode != 0)
            {
                var why = (await stderr).Trim();
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"the raw boot script ({scriptPath}) failed with exit code {process.ExitCode}: {why}"));
            }

            return elapsed;
        }
        finally
        {
            await KillAllAsync(pidFile);
        }
    }

    /// <summary>
    /// Kills the QEMU processes the script recorded (only those still QEMU: a pid may have been reused). The check reads
    /// the command line, not the process name: <c>-name id,process=nines-id</c> renames QEMU's process.
    /// </summary>
    private static async Task KillAllAsync(string pidFile)
    {
        if (!File.Exists(pidFile))
        {
            return;
        }

        foreach (var line in await File.ReadAllLinesAsync(pidFile))
        {
            if (!int.TryParse(line, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                using var qemu = Process.GetProcessById(pid);
                var commandLine = await File.ReadAllTextAsync($"/proc/{pid}/cmdline");
                if (commandLine.StartsWith(RawBootScript.Program, StringComparison.Ordinal))
                {
                    qemu.Kill();
                    await qemu.WaitForExitAsync();
                }
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
            catch (Exception e) when (e is InvalidOperationException or IOException)
            {
                // Exited between the lookup and the kill.
            }
        }
    }
}
