using System.Text;

namespace Nines.Processes;

/// <summary>
/// The real <see cref="IProcessRunner"/>: programs run as children of this process. Time (timeouts, the output grace)
/// comes from the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed partial class ProcessRunner : IProcessRunner
{
    /// <summary>
    /// A usual <see cref="ProcessRequest.OutputGraceAfterExit"/> for commands that may leave a daemon behind: long
    /// enough for the last output of a program that has just ended to be read.
    /// </summary>
    public static readonly TimeSpan DetachedOutputGrace = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// How long output is still read after a timed-out tree was killed (an escaped daemon may hold the pipes), unless the
    /// request's own <see cref="ProcessRequest.OutputGraceAfterExit"/> says otherwise.
    /// </summary>
    private static readonly TimeSpan _drainAfterKill = TimeSpan.FromSeconds(1);

    private readonly TimeProvider _time;

    /// <summary>A runner whose timeouts run on <paramref name="timeProvider"/>.</summary>
    public ProcessRunner(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _time = timeProvider;
    }

    /// <summary>The runner on the system clock, for composition roots that have no other.</summary>
    public static ProcessRunner Default { get; } = new(TimeProvider.System);

    /// <inheritdoc/>
    public async Task<ProcessResult> RunAsync(ProcessRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        using var process = Launch(request);
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var output = Task.WhenAll(
            request.StandardOutputTo is { } sink ? CopyAsync(process.StandardOutput.BaseStream, sink) : PumpAsync(process.StandardOutput, stdout),
            PumpAsync(process.StandardError, stderr));
        _ = FeedAsync(process.StandardInput, request.Input);

        using var timer = request.Timeout is { } t ? new CancellationTokenSource(t, _time) : new CancellationTokenSource();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, cancellationToken);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            KillTree(process);
            cancellationToken.ThrowIfCancellationRequested();
            timedOut = true;
        }

        if (timedOut)
        {
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            await Task.WhenAny(output, Task.Delay(request.OutputGraceAfterExit ?? _drainAfterKill, _time, cancellationToken)).ConfigureAwait(false);
        }
        else if (request.OutputGraceAfterExit is { } grace)
        {
            await Task.WhenAny(output, Task.Delay(grace, _time, limit.Token)).ConfigureAwait(false);
        }
        else
        {
            try
            {
                await output.WaitAsync(limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The program has ended but something it left behind holds its output open past the deadline: the
                // result is what it printed until then.
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        return new ProcessResult(request.CommandLine, process.ExitCode, Snapshot(stdout), Snapshot(stderr), timedOut);
    }
}
