using System.Text.Json;
using Nines.Processes;

namespace Nines.Api.Images;

/// <summary>
/// Runs <c>qemu-img info --output json -f FORMAT FILE</c> on an upload, with the format always given (QEMU never probes
/// it) and, like OpenStack does for untrusted images, under <c>prlimit</c> (1 GiB address space, 30 s CPU) and a
/// deadline, so a hostile image cannot make the checker itself run away.
/// </summary>
internal sealed class ImageInspector(string qemuImg, IProcessRunner? processes = null)
{
    private const string Prlimit = "/usr/bin/prlimit";
    private static readonly TimeSpan _deadline = TimeSpan.FromSeconds(60);
    private readonly IProcessRunner _processes = processes ?? ProcessRunner.Default;

    /// <summary>The parsed info, or null with what went wrong.</summary>
    public async Task<(JsonElement? Info, string? Error)> InfoAsync(string path, string format, CancellationToken cancellationToken)
    {
        string[] info = ["info", "--output", "json", "-f", format, path];
        var request = File.Exists(Prlimit)
            ? new ProcessRequest(Prlimit, ["--as=1073741824", "--cpu=30", "--", qemuImg, .. info])
            : new ProcessRequest(qemuImg, info);
        ProcessResult result;
        try
        {
            result = await _processes.RunAsync(request with { Timeout = _deadline }, cancellationToken).ConfigureAwait(false);
        }
        catch (ProcessStartException e)
        {
            return (null, $"{qemuImg} could not be started ({e.InnerException?.Message ?? e.Message}); install qemu-utils");
        }

        if (result.TimedOut)
        {
            return (null, $"qemu-img info did not finish within {_deadline.TotalSeconds} s");
        }

        var message = result.StandardError.Trim();
        if (result.ExitCode != 0)
        {
            return (null, $"qemu-img info -f {format} refused it: {(message.Length > 0 ? message : $"exit {result.ExitCode}")}");
        }

        try
        {
            using var document = JsonDocument.Parse(result.StandardOutput);
            return (document.RootElement.Clone(), null);
        }
        catch (JsonException e)
        {
            return (null, $"qemu-img info answered no JSON ({e.Message})");
        }
    }
}
