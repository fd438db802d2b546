using Nines.Cli.Remote;
using Nines.Processes;

namespace Nines.Cli.Hosting;

/// <summary>
/// Starts <c>nines up</c> detached from the caller — a new session (<c>setsid</c>), stdin from <c>/dev/null</c>,
/// stdout and stderr appended to <c>DATA/controller.log</c> — and waits until its <c>/v1/health</c> answers. While it
/// waits it echoes the log (the guest image build, Open vSwitch), so a first start on a fresh machine shows progress.
/// </summary>
internal static class BackgroundLauncher
{
    public const string LogFileName = "controller.log";

    private static readonly TimeSpan _pollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>How long a start may take: a first start builds the guest image from Debian packages.</summary>
    private static readonly TimeSpan _startTimeout = TimeSpan.FromMinutes(20);

    /// <summary>
    /// Launches <c>up</c> with <paramref name="upArguments"/> (which must include <c>--data</c> =
    /// <paramref name="dataDirectory"/>) and returns the controller record once its API answers.
    /// </summary>
    /// <exception cref="InvalidOperationException">The controller exited or did not answer in time; the message has the log's tail.</exception>
    public static async Task<ControllerInfo> StartAsync(string dataDirectory, IReadOnlyList<string> upArguments, TextWriter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upArguments);
        ArgumentNullException.ThrowIfNull(progress);
        Directory.CreateDirectory(dataDirectory);
        var log = Path.Combine(dataDirectory, LogFileName);

        // Only called when nothing answers: a record left by a killed controller must not be mistaken for the new one.
        File.Delete(ControllerInfo.PathIn(dataDirectory));
        var logStart = File.Exists(log) ? new FileInfo(log).Length : 0;

        string[] command = [.. SelfCommand(), "up", .. upArguments];
        using var process = ProcessRunner.Default.StartDetached(new ProcessRequest(command[0], command[1..]), log);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_startTimeout);
        var echoed = logStart;
        try
        {
            while (true)
            {
                echoed = await EchoAsync(log, echoed, progress, timeout.Token).ConfigureAwait(false);
                if (ControllerInfo.TryRead(dataDirectory) is { } info)
                {
                    using var client = ControllerTrust.Client(new Uri(info.Url), null, Nines.Contracts.Security.NinesCertificateAuthority.TryReadCertificate(dataDirectory) is { } ca ? [ca] : []);
                    if (await client.TryHealthAsync(TimeSpan.FromSeconds(2), timeout.Token).ConfigureAwait(false) is not null)
                    {
                        return info;
                    }
                }

                if (process.HasExited)
                {
                    await EchoAsync(log, echoed, progress, CancellationToken.None).ConfigureAwait(false);
                    throw new InvalidOperationException($"the controller exited with code {process.ExitCode} before it answered; the end of {log}:\n{Tail(log)}");
                }

                await Task.Delay(_pollInterval, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException($"the controller did not answer within {_startTimeout.TotalMinutes} minutes; the end of {log}:\n{Tail(log)}");
        }
    }

    /// <summary>How to run this CLI again: the <c>dotnet</c> host and this assembly (also when running inside a test host).</summary>
    internal static string[] SelfCommand()
    {
        var assembly = typeof(BackgroundLauncher).Assembly.Location;
        var host = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet"
            ? path
            : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } sdkHost ? sdkHost : "dotnet";
        return [host, assembly];
    }

    private static async Task<long> EchoAsync(string log, long from, TextWriter progress, CancellationToken cancellationToken)
    {
        if (!File.Exists(log))
        {
            return from;
        }

        var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        await using (stream.ConfigureAwait(false))
        {
            if (stream.Length <= from)
            {
                return stream.Length < from ? stream.Length : from;
            }

            stream.Seek(from, SeekOrigin.Begin);
            using var reader = new StreamReader(stream);
            var text = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);

            // Only whole lines: a half-written one is echoed when it is complete.
            var end = text.LastIndexOf('\n');
            if (end < 0)
            {
                return from;
            }

            foreach (var line in text[..end].Split('\n'))
            {
                await progress.WriteLineAsync($"  | {line}").ConfigureAwait(false);
            }

            return from + System.Text.Encoding.UTF8.GetByteCount(text[..(end + 1)]);
        }
    }

    private static string Tail(string log) =>
        File.Exists(log) ? string.Join('\n', File.ReadLines(log).TakeLast(20)) : "(no log)";
}
