using System.Diagnostics;
using System.Text;

namespace Nines.Bench.Soak;

/// <summary>The result of one command: its exit code (-1 when it did not finish in time) and its output.</summary>
internal sealed record ShellResult(int ExitCode, string Out, string Error)
{
    public bool Succeeded => ExitCode == 0;
}

/// <summary>Runs commands to completion with a deadline, and finds and signals processes.</summary>
internal static class Shell
{
    public static async Task<ShellResult> RunAsync(string file, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = new Process { StartInfo = start };
        var output = new StringBuilder();
        var error = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(error, e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return new ShellResult(127, string.Empty, $"{file}: {e.Message}");
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            process.WaitForExit();
        }
        catch (OperationCanceledException)
        {
            Kill(process.Id);
            cancellationToken.ThrowIfCancellationRequested();
            return new ShellResult(-1, Text(output), Text(error) + $"\n(killed after {timeout.TotalSeconds:0} s)");
        }

        return new ShellResult(process.ExitCode, Text(output), Text(error));
    }

    /// <summary>Sends SIGKILL to <paramref name="pid"/>; false when no such process lives.</summary>
    public static bool Kill(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
            return true;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    /// <summary>True while a process with this pid exists and is not a zombie.</summary>
    public static bool Alive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state != "Z" && state != "X";
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Every process whose command line contains <paramref name="fragment"/> (its pid and NUL-split arguments), this one excluded.</summary>
    public static IReadOnlyList<(int Pid, IReadOnlyList<string> Arguments)> ProcessesMentioning(string fragment)
    {
        var found = new List<(int, IReadOnlyList<string>)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                var cmdline = File.ReadAllText(Path.Combine(directory, "cmdline"));
                if (cmdline.Contains(fragment, StringComparison.Ordinal) && Alive(pid))
                {
                    found.Add((pid, cmdline.Split('\0', StringSplitOptions.RemoveEmptyEntries)));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Ended while we looked.
            }
        }

        return found;
    }

    /// <summary>Waits until <paramref name="pid"/> is gone, at most <paramref name="timeout"/>.</summary>
    public static async Task<bool> WaitGoneAsync(int pid, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (Alive(pid))
        {
            if (waited.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    private static void Append(StringBuilder builder, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (builder)
        {
            builder.AppendLine(line);
        }
    }

    private static string Text(StringBuilder builder)
    {
        lock (builder)
        {
            return builder.ToString();
        }
    }
}
