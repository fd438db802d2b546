using System.Diagnostics;
using System.Text;

namespace Nines.Drivers.Qemu.Tests.Fakes;

/// <summary>
/// A real QEMU process started by a test, killed (with its process tree) and reaped on dispose, so no test
/// leaves a QEMU behind whatever happens.
/// </summary>
public sealed class QemuTestProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();

    private QemuTestProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>What QEMU wrote to stderr so far, for failure messages.</summary>
    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Starts qemu-system-x86_64 with <paramref name="arguments"/>, then waits until <paramref name="socketPath"/> exists.</summary>
    public static async Task<QemuTestProcess> StartAsync(IEnumerable<string> arguments, string socketPath, TimeSpan startupTimeout)
    {
        var info = new ProcessStartInfo(QemuBinary.Location ?? throw new InvalidOperationException("qemu-system-x86_64 is not installed"))
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("qemu-system-x86_64 did not start");
        var qemu = new QemuTestProcess(process);
        process.ErrorDataReceived += (_, e) =>
        {
            lock (qemu._stderr)
            {
                qemu._stderr.AppendLine(e.Data);
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();

        var deadline = Stopwatch.StartNew();
        while (!File.Exists(socketPath))
        {
            if (process.HasExited || deadline.Elapsed > startupTimeout)
            {
                var stderr = qemu.Stderr;
                await qemu.DisposeAsync();
                throw new InvalidOperationException($"QEMU did not create {socketPath} (exited: {process.HasExited}); stderr: {stderr}");
            }

            await Task.Delay(20);
        }

        return qemu;
    }

    /// <summary>Waits for QEMU to exit by itself; false on timeout.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }

        _process.Dispose();
    }
}
