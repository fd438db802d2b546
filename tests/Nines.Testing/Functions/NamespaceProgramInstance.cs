using System.Diagnostics;
using Nines.Processes;
using Nines.VnfStateMigration;

namespace Nines.Testing.Functions;

/// <summary>A function's process on a namespace host (see <see cref="NamespaceProgramLauncher"/>); its output goes to a log file.</summary>
internal sealed class NamespaceProgramInstance : IFunctionInstance
{
    private readonly StreamWriter _log;
    private IRunningProcess _process = null!;
    private int _disposed;

    private NamespaceProgramInstance(FunctionHost host, string controlPath, string logPath)
    {
        Host = host;
        ControlPath = controlPath;
        _log = new StreamWriter(logPath, append: false) { AutoFlush = true };
    }

    public FunctionHost Host { get; }

    public string ControlPath { get; }

    public bool Running => !_process.HasExited;

    /// <summary>Starts <paramref name="request"/> through <paramref name="processes"/>, every line it prints copied to the log.</summary>
    public static NamespaceProgramInstance Start(IProcessRunner processes, ProcessRequest request, FunctionHost host, string controlPath, string logPath)
    {
        var instance = new NamespaceProgramInstance(host, controlPath, logPath);
        try
        {
            instance._process = processes.Start(request with { OnOutputLine = instance.Log });
        }
        catch
        {
            instance._log.Dispose();
            throw;
        }

        return instance;
    }

    public async Task WaitForAsync(string text, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var output = _process.Output;
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
            _process.Signal(ProcessSignals.SigTerm);
            using var graceTimer = new CancellationTokenSource(grace);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(graceTimer.Token, cancellationToken);
            try
            {
                await _process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (graceTimer.IsCancellationRequested)
            {
                _process.KillTree();
            }
        }

        await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _process.DisposeAsync().ConfigureAwait(false);
        await _log.DisposeAsync().ConfigureAwait(false);
    }

    private void Log(string line)
    {
        lock (_log)
        {
            _log.WriteLine(line);
        }
    }
}
