using System.Diagnostics;

namespace Nines.Drivers.Container.Processes;

/// <summary>Runs a short-lived program to completion and collects what it printed.</summary>
internal static class ProcessRunner
{
    /// <summary>
    /// The exit code and output of <paramref name="program"/>. On <paramref name="timeout"/> or cancellation the whole
    /// process tree is killed; a timeout returns null.
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
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            if (input is not null)
            {
                await process.StandardInput.BaseStream.WriteAsync(input, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (IOException)
        {
            // The program exited without reading its input; its exit code tells the story.
        }

        process.StandardInput.Close();
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

        return new ProcessOutput(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }
}

/// <summary>How a program ended and what it printed.</summary>
internal sealed record ProcessOutput(int ExitCode, string Stdout, string Stderr)
{
    public bool Succeeded => ExitCode == 0;
}
