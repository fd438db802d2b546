using System.Diagnostics;
using System.Text;

namespace Nines.Images.Processes;

/// <summary>The outcome of one external command.</summary>
internal sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;
}

/// <summary>
/// Runs the few external tools the builder relies on (apt-get, apt-cache, dpkg-deb, xz) with an argument
/// list, never a shell string, and kills the whole process tree when the caller cancels.
/// </summary>
internal static class ProcessRunner
{
    /// <summary>Runs <paramref name="fileName"/> and captures its text output.</summary>
    public static async Task<ProcessResult> RunAsync(
        string fileName, IEnumerable<string> arguments, string? workingDirectory, CancellationToken cancellationToken)
    {
        using var process = Start(fileName, arguments, workingDirectory, redirectInput: false);
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await WaitAsync(process, cancellationToken).ConfigureAwait(false);
        return new ProcessResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    /// <summary>
    /// Runs <paramref name="fileName"/> with <paramref name="input"/> on its standard input and copies its
    /// binary standard output into <paramref name="output"/>.
    /// </summary>
    public static async Task<ProcessResult> PipeAsync(
        string fileName, IEnumerable<string> arguments, ReadOnlyMemory<byte> input, Stream output, CancellationToken cancellationToken)
    {
        using var process = Start(fileName, arguments, workingDirectory: null, redirectInput: true);
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output, cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.StandardInput.BaseStream.WriteAsync(input, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The tool may stop reading early (xz stops at the end of its stream); that is not a failure.
        }

        try
        {
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // Same as above: a closed pipe on the far side.
        }

        await copy.ConfigureAwait(false);
        await WaitAsync(process, cancellationToken).ConfigureAwait(false);
        return new ProcessResult(process.ExitCode, string.Empty, await stderr.ConfigureAwait(false));
    }

    private static Process Start(string fileName, IEnumerable<string> arguments, string? workingDirectory, bool redirectInput)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
            StandardErrorEncoding = Encoding.UTF8,
        };
        if (workingDirectory is not null)
        {
            info.WorkingDirectory = workingDirectory;
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // Tools print in the C locale so their output (apt-cache depends) parses the same everywhere.
        info.Environment["LC_ALL"] = "C";
        try
        {
            return Process.Start(info) ?? throw new InvalidOperationException($"could not start {fileName}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new GuestImageException($"could not run {fileName}: {e.Message} (is it installed?)", e);
        }
    }

    private static async Task WaitAsync(Process process, CancellationToken cancellationToken)
    {
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
    }
}
