using System.Diagnostics;
using System.Text.Json;

namespace Nines.Api.Images;

/// <summary>
/// Runs <c>qemu-img info --output json -f FORMAT FILE</c> on an upload, with the format always given (QEMU never probes
/// it) and, like OpenStack does for untrusted images, under <c>prlimit</c> (1 GiB address space, 30 s CPU) and a
/// deadline, so a hostile image cannot make the checker itself run away.
/// </summary>
internal sealed class ImageInspector(string qemuImg)
{
    private const string Prlimit = "/usr/bin/prlimit";
    private static readonly TimeSpan _deadline = TimeSpan.FromSeconds(60);

    /// <summary>The parsed info, or null with what went wrong.</summary>
    public async Task<(JsonElement? Info, string? Error)> InfoAsync(string path, string format, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (File.Exists(Prlimit))
        {
            start.FileName = Prlimit;
            foreach (var argument in new[] { "--as=1073741824", "--cpu=30", "--", qemuImg })
            {
                start.ArgumentList.Add(argument);
            }
        }
        else
        {
            start.FileName = qemuImg;
        }

        foreach (var argument in new[] { "info", "--output", "json", "-f", format, path })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (null, $"{qemuImg} could not be started ({e.Message}); install qemu-utils");
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_deadline);
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(deadline.Token);
            var error = process.StandardError.ReadToEndAsync(deadline.Token);
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            var text = await output.ConfigureAwait(false);
            var message = (await error.ConfigureAwait(false)).Trim();
            if (process.ExitCode != 0)
            {
                return (null, $"qemu-img info -f {format} refused it: {(message.Length > 0 ? message : $"exit {process.ExitCode}")}");
            }

            using var document = JsonDocument.Parse(text);
            return (document.RootElement.Clone(), null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            return (null, $"qemu-img info did not finish within {_deadline.TotalSeconds} s");
        }
        catch (JsonException e)
        {
            return (null, $"qemu-img info answered no JSON ({e.Message})");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
