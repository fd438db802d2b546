namespace Nines.Bench.Soak;

/// <summary>
/// Everything the soak started, undone last-first: namespaces, processes, tmpfs mounts, etcd. Each step runs once
/// even when the soak fails or is interrupted (Ctrl-C and SIGTERM cancel the run, whose finally runs this); a step
/// that fails is reported and the next one still runs.
/// </summary>
internal sealed class SoakCleanup
{
    private readonly Stack<(string Name, Func<Task> Undo)> _steps = new();
    private readonly Lock _gate = new();

    /// <summary>Problems of steps that failed (printed with the report).</summary>
    public List<string> Problems { get; } = [];

    public void Add(string name, Func<Task> undo)
    {
        lock (_gate)
        {
            _steps.Push((name, undo));
        }
    }

    public async Task RunAsync()
    {
        while (true)
        {
            (string Name, Func<Task> Undo) step;
            lock (_gate)
            {
                if (!_steps.TryPop(out step))
                {
                    return;
                }
            }

            try
            {
                await step.Undo().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                Problems.Add($"cleanup '{step.Name}' failed: {e.Message}");
            }
        }
    }
}
