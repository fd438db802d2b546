using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Nines.Processes;

public sealed partial class ProcessRunner
{
    private static readonly UTF8Encoding _utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <inheritdoc/>
    public IRunningProcess Start(ProcessRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new RunningProcess(Launch(request), request.OnOutputLine);
    }

    /// <summary>Starts the program with all three standard streams redirected.</summary>
    private static Process Launch(ProcessRequest request)
    {
        var info = new ProcessStartInfo(request.Program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = _utf8,
            StandardErrorEncoding = _utf8,
            StandardInputEncoding = _utf8,
        };
        foreach (var argument in request.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // The C locale keeps the tools' output (ip, ovs-vsctl, apt-cache, qemu-img) the same on every machine.
        info.Environment["LC_ALL"] = "C";
        foreach (var (key, value) in request.Environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        if (request.WorkingDirectory is { } directory)
        {
            info.WorkingDirectory = directory;
        }

        try
        {
            return Process.Start(info) ?? throw new ProcessStartException(request.Program, "no process was started", new InvalidOperationException());
        }
        catch (Win32Exception e)
        {
            throw new ProcessStartException(request.Program, e.Message, e);
        }
    }

    /// <summary>Kills the process and its descendants; nothing when it has ended already.</summary>
    internal static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception)
        {
            // Ended (and maybe reaped) in the meantime.
        }
    }

    private static async Task FeedAsync(StreamWriter input, ReadOnlyMemory<byte>? bytes)
    {
        try
        {
            if (bytes is { } data)
            {
                await input.BaseStream.WriteAsync(data, CancellationToken.None).ConfigureAwait(false);
            }

            input.Close();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The program ended (or was killed) without reading all of its input; its exit code tells the story.
        }
    }

    private static async Task PumpAsync(StreamReader reader, StringBuilder into)
    {
        var buffer = new char[4096];
        try
        {
            int read;
            while ((read = await reader.ReadAsync(buffer, CancellationToken.None).ConfigureAwait(false)) > 0)
            {
                lock (into)
                {
                    into.Append(buffer, 0, read);
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The run was given up (cancelled) and the process disposed under the pump.
        }
    }

    private static async Task CopyAsync(Stream from, Stream to)
    {
        try
        {
            await from.CopyToAsync(to, CancellationToken.None).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // As above.
        }
    }

    private static string Snapshot(StringBuilder text)
    {
        lock (text)
        {
            return text.ToString();
        }
    }
}
