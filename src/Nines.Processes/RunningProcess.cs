using System.Diagnostics;
using System.Text;

namespace Nines.Processes;

/// <summary>A child started by <see cref="ProcessRunner.Start"/>: its output is read line by line as it comes.</summary>
internal sealed class RunningProcess : IRunningProcess
{
    private readonly Process _process;
    private readonly Action<string>? _onLine;
    private readonly StringBuilder _output = new();
    private readonly Task _pumps;
    private int _disposed;
    private int? _exitCodeAfterDispose;

    public RunningProcess(Process process, Action<string>? onLine)
    {
        _process = process;
        _onLine = onLine;
        Id = process.Id;
        _pumps = Task.WhenAll(PumpAsync(process.StandardOutput), PumpAsync(process.StandardError));
    }

    public int Id { get; }

    public bool HasExited => _exitCodeAfterDispose is not null || _process.HasExited;

    public int? ExitCode => _exitCodeAfterDispose ?? (_process.HasExited ? _process.ExitCode : null);

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public async Task WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        await _pumps.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public bool Signal(int signal) => !HasExited && ProcessSignals.Send(Id, signal);

    public void KillTree()
    {
        if (_exitCodeAfterDispose is null)
        {
            ProcessRunner.KillTree(_process);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (!_process.HasExited)
        {
            KillTree();
            await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        await _pumps.ConfigureAwait(false);
        _exitCodeAfterDispose = _process.ExitCode;
        _process.Dispose();
    }

    private async Task PumpAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            lock (_output)
            {
                _output.AppendLine(line);
                _onLine?.Invoke(line);
            }
        }
    }
}
