using System.Diagnostics;
using System.Text;

namespace Nines.Drivers.Container.Processes;

/// <summary>Runs a short-lived program to completion and collects what it printed.</summary>
internal static class ProcessRunner
{
    /// <summary>How long output is still collected after the program ended (background children may hold the pipes open).</summary>
    private static readonly TimeSpan _drain = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// The exit code and output of <paramref name="program"/>. On <paramref name="timeout"/> or cancellation the whole
    /// process tree is killed; a timeout returns null. The result comes when the program ends, not when its output
    /// closes: a command that leaves a daemon behind (<c>httpd &amp;</c>) returns at once.
    /// </summary>
    public static async Task<ProcessOutput?> RunAsync(
        string program, IEnumerable<string> arguments, byte[]? input, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start");
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var pumps = Task.WhenAll(PumpAsync(process.StandardOutput, stdout), PumpAsync(process.StandardError, stderr));
        try
        {
            if (input is not null)
            {
                await process.StandardInput.BaseStream.WriteAsync(input, cancellationToken).ConfigureAwait(false);
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The program exited without reading its input; its exit code tells the story.
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout is { } t)
        {
            limit.CancelAfter(t);
        }

        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            return null;
        }

        await Task.WhenAny(pumps, Task.Delay(_drain, CancellationToken.None)).ConfigureAwait(false);
        lock (stdout)
        {
            lock (stderr)
            {
                return new ProcessOutput(process.ExitCode, stdout.ToString(), stderr.ToString());
            }
        }
    }

    private static async Task PumpAsync(StreamReader reader, StringBuilder into)
    {
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer, CancellationToken.None).ConfigureAwait(false)) > 0)
        {
            lock (into)
            {
                into.Append(buffer, 0, read);
            }
        }
    }
}

/// <summary>How a program ended and what it printed.</summary>
internal sealed record ProcessOutput(int ExitCode, string Stdout, string Stderr)
{
    public bool Succeeded => ExitCode == 0;
}
