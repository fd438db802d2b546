using Nines.Cli.Remote;
using Nines.Contracts.Model;

namespace Nines.Cli.Progress;

/// <summary>
/// Follows an operation until it finishes (COMPLETED, FAILED, ROLLED_BACK), polling it every
/// <see cref="PollInterval"/> and showing each poll: live progress bars per VM on a terminal
/// (<see cref="ProgressBarView"/>), one plain line per change otherwise (<see cref="ProgressLineView"/>).
/// </summary>
internal static class OperationWatcher
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <param name="progress">Where plain progress lines go (stdout for tables, stderr when stdout carries JSON).</param>
    public static Task<Operation> WatchAsync(CliContext context, NinesApiClient client, string operationId, TextWriter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Interactive
            ? ProgressBarView.RunAsync(context.Out, view => PollAsync(context.Time, client, operationId, view.Show, cancellationToken))
            : PollAsync(context.Time, client, operationId, new ProgressLineView(progress).Show, cancellationToken);
    }

    private static async Task<Operation> PollAsync(TimeProvider time, NinesApiClient client, string operationId, Action<Operation> show, CancellationToken cancellationToken)
    {
        while (true)
        {
            var operation = (await client.GetOperationAsync(operationId, cancellationToken).ConfigureAwait(false)).Value;
            show(operation);
            if (operation.IsFinished)
            {
                return operation;
            }

            await Task.Delay(PollInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
