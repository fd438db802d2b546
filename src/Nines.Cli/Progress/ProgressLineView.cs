using Nines.Contracts.Model;

namespace Nines.Cli.Progress;

/// <summary>Progress for pipes and logs: a line when the operation's state changes, and one per VM step change.</summary>
internal sealed class ProgressLineView(TextWriter writer)
{
    private readonly Dictionary<string, VmProgress> _vms = new(StringComparer.Ordinal);
    private OperationState? _state;

    public void Show(Operation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);

        // The final state comes after the VMs' last steps, so the log reads in the order things happened.
        if (!operation.IsFinished)
        {
            ShowState(operation);
        }

        // Hosts are named only when the VMs span several (a cluster deploy); one machine's output stays as it was.
        var labelHosts = operation.Vms.Values.Select(v => v.Host).OfType<string>().Distinct(StringComparer.Ordinal).Skip(1).Any();
        foreach (var (vm, progress) in operation.Vms.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            if (_vms.TryGetValue(vm, out var last) && last == progress)
            {
                continue;
            }

            _vms[vm] = progress;
            var error = progress.Error is null ? string.Empty : $" — {progress.Error}";
            var host = labelHosts && progress.Host is not null ? $" [{progress.Host}]" : string.Empty;
            writer.WriteLine($"  {vm}{host}: {progress.Step} {progress.Percent}%{error}");
        }

        if (operation.IsFinished)
        {
            ShowState(operation);
        }
    }

    private void ShowState(Operation operation)
    {
        if (_state != operation.State)
        {
            _state = operation.State;
            writer.WriteLine($"{operation.Kind.ToString().ToLowerInvariant()} {operation.Tenant}/{operation.Deployment} ({operation.Id}): {operation.State}");
        }
    }
}
