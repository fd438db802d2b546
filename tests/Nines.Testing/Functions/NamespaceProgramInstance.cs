using System.Diagnostics;
using System.Globalization;
using System.Text;
using Nines.VnfStateMigration;

namespace Nines.Testing.Functions;

/// <summary>A function's process on a namespace host (see <see cref="NamespaceProgramLauncher"/>); its output goes to a log file.</summary>
internal sealed class NamespaceProgramInstance : IFunctionInstance
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StreamWriter _log;
    private readonly Task _pumps;
    private int _disposed;

    public NamespaceProgramInstance(FunctionHost host, string controlPath, Process process, string logPath)
    {
        Host = host;
        ControlPath = controlPath;
        _process = process;
        _log = new StreamWriter(logPath, append: false) { AutoFlush = true };
        _pumps = Task.WhenAll(PumpAsync(process.StandardOutput), PumpAsync(process.StandardError));
    }

    public FunctionHost Host { get; }

    public string ControlPath { get; }

    public bool Running => !_process.HasExited;

    public async Task WaitForAsync(string text, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            string output;
            lock (_output)
            {
                output = _output.ToString();
            }

            if (output.Contains(text, StringComparison.Ordinal))
            {
                return;
            }

            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the function on {Host.Name} exited with {_process.ExitCode} before printing \"{text}\": {output.Trim()}");
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"the function on {Host.Name} did not print \"{text}\" within {timeout.TotalSeconds:0} s: {output.Trim()}");
            }

            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task RetireAsync(TimeSpan grace, CancellationToken cancellationToken)
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            using var graceTimer = new CancellationTokenSource(grace);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(graceTimer.Token, cancellationToken);
            try
            {
                await _process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (graceTimer.IsCancellationRequested)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await _pumps.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        await _pumps.ConfigureAwait(false);
        await _log.DisposeAsync().ConfigureAwait(false);
        _process.Dispose();
    }

    private async Task PumpAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            lock (_output)
            {
                _output.AppendLine(line);
                _log.WriteLine(line);
            }
        }
    }
}
