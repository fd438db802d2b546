using Nines.Contracts.Model;
using Spectre.Console;

namespace Nines.Cli.Progress;

/// <summary>Live progress bars on a terminal (Spectre.Console): one task per VM, its step as the description.</summary>
internal sealed class ProgressBarView
{
    private readonly ProgressContext _context;
    private readonly Dictionary<string, ProgressTask> _tasks = new(StringComparer.Ordinal);
    private ProgressTask? _overall;

    private ProgressBarView(ProgressContext context) => _context = context;

    public static async Task<Operation> RunAsync(TextWriter terminal, Func<ProgressBarView, Task<Operation>> poll)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(terminal) });
        return await console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(context => poll(new ProgressBarView(context)))
            .ConfigureAwait(false);
    }

    public void Show(Operation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        _overall ??= _context.AddTask(string.Empty, maxValue: 100);
        _overall.Description = Markup.Escape($"{operation.Kind.ToString().ToLowerInvariant()} {operation.Deployment}: {operation.State}");
        // Labelled with their hosts when the VMs span several (a cluster deploy), in host order.
        var labelHosts = operation.Vms.Values.Select(v => v.Host).OfType<string>().Distinct(StringComparer.Ordinal).Skip(1).Any();
        foreach (var (vm, progress) in operation.Vms.OrderBy(v => v.Value.Host ?? string.Empty, StringComparer.Ordinal).ThenBy(v => v.Key, StringComparer.Ordinal))
        {
            if (!_tasks.TryGetValue(vm, out var task))
            {
                _tasks[vm] = task = _context.AddTask(vm, maxValue: 100);
            }

            var failed = progress.Error is not null;
            var label = labelHosts && progress.Host is not null ? $"{progress.Host} {vm}: {progress.Step}" : $"{vm}: {progress.Step}";
            task.Description = failed ? $"[red]{Markup.Escape(label)}[/]" : Markup.Escape(label);
            task.Value = progress.Percent;
        }

        _overall.Value = operation.Vms.Count == 0 ? (operation.IsFinished ? 100 : 0) : operation.Vms.Values.Average(v => v.Percent);
        if (operation.IsFinished)
        {
            foreach (var task in _tasks.Values.Append(_overall))
            {
                task.StopTask();
            }
        }
    }
}
