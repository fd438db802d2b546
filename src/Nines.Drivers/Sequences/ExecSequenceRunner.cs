using Nines.Domain.Scenarios;
using Nines.Drivers.Errors;

namespace Nines.Drivers.Sequences;

/// <summary>
/// Runs a VNUML command sequence (<c>vnumlparser -x seq</c>) over a scenario's running VMs through an
/// <see cref="IVmDriver"/>'s guest agent, and the host section's execs through an <see cref="IHostCommandRunner"/>.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Per VM: filetrees, then execs (see <see cref="ExecSequencePlanner"/>), strictly one after another; VMs run in
/// parallel, at most <see cref="ExecSequenceOptions.MaxParallelVms"/> at once. The host's execs run after every VM's.</item>
/// <item>A <c>verbatim</c> exec runs as <c>/bin/sh -c COMMAND</c>; a <c>file</c> exec's file is read on the host and
/// each of its command lines runs the same way (see <see cref="GuestShell.CommandLines"/>).</item>
/// <item>Every exec <c>mode</c> goes through the guest agent: VNUML's transports (<c>mconsole</c>, <c>net</c> over SSH,
/// <c>pts</c>, and <c>system</c>/<c>processn</c>/<c>processy</c> for its Windows guests) are all replaced by it, so the
/// mode is accepted and ignored.</item>
/// <item>The guest agent runs commands as root; a <c>user</c> other than root runs the command with <c>su -c</c>.</item>
/// <item>A failing command (non-zero exit, or a driver error such as a timeout) stops its VM's sequence unless
/// <see cref="ExecSequenceOptions.FailurePolicy"/> says continue; other VMs go on. Cancellation stops everything.</item>
/// </list>
/// </remarks>
public sealed partial class ExecSequenceRunner
{
    /// <summary>The <see cref="ExecOutcome.Target"/> of the host's commands.</summary>
    public const string HostTarget = "host";

    private readonly IVmDriver _driver;
    private readonly ExecSequenceOptions _options;
    private readonly IHostCommandRunner? _host;
    private readonly TimeProvider _time;

    /// <param name="host">Runs the host section's execs; null when the caller has none (a sequence that needs it then fails before anything runs).</param>
    public ExecSequenceRunner(IVmDriver driver, ExecSequenceOptions options, TimeProvider timeProvider, IHostCommandRunner? host = null)
    {
        ArgumentNullException.ThrowIfNull(driver);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxParallelVms, 1);
        _driver = driver;
        _options = options;
        _time = timeProvider;
        _host = host;
    }

    /// <summary>Every sequence name the scenario defines (VM execs and filetrees, host execs), sorted.</summary>
    public static IReadOnlyList<string> DefinedSequences(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return ExecSequencePlanner.DefinedSequences(scenario);
    }

    /// <summary>
    /// Runs <paramref name="sequence"/> on every VM that has commands in it, then on the host.
    /// </summary>
    /// <exception cref="UnknownSequenceException">No VM and not the host has a command in <paramref name="sequence"/>.</exception>
    /// <exception cref="InvalidOperationException">The sequence has host commands but no <see cref="IHostCommandRunner"/> was given.</exception>
    public async Task<SequenceRunResult> RunAsync(Scenario scenario, string sequence, IProgress<SequenceProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentException.ThrowIfNullOrEmpty(sequence);
        var vmWork = ExecSequencePlanner.VmWork(scenario, sequence).ToList();
        var hostWork = ExecSequencePlanner.HostWork(scenario, sequence);
        if (vmWork.Count == 0 && hostWork.Count == 0)
        {
            throw new UnknownSequenceException(scenario.Name, sequence, ExecSequencePlanner.DefinedSequences(scenario));
        }

        if (hostWork.Count > 0 && _host is null)
        {
            throw new InvalidOperationException($"sequence \"{sequence}\" has {hostWork.Count} host command(s) but no host command runner is configured");
        }

        using var slots = new SemaphoreSlim(_options.MaxParallelVms);
        var vmTasks = vmWork.Select(work => RunVmAsync(scenario, work.Vm, work.Trees, work.Execs, sequence, slots, progress, cancellationToken)).ToList();
        var vms = await Task.WhenAll(vmTasks).ConfigureAwait(false);

        TargetSequenceResult? host = null;
        if (hostWork.Count > 0)
        {
            var steps = await ExpandAsync(hostWork, cancellationToken).ConfigureAwait(false);
            host = await RunStepsAsync(new Target(HostTarget, null), sequence, steps, progress, cancellationToken).ConfigureAwait(false);
        }

        return new SequenceRunResult(sequence, vms, host);
    }

    /// <summary>
    /// Runs one command line on one VM (<c>nines exec</c>): <c>/bin/sh -c</c> through the guest agent, as
    /// <paramref name="user"/> when that is not root. A non-zero exit or a driver error is reported in the outcome.
    /// </summary>
    public Task<ExecOutcome> ExecAsync(string vmId, string commandLine, string? user, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(vmId);
        ArgumentException.ThrowIfNullOrEmpty(commandLine);
        var step = new SequenceStep.Shell(commandLine, user);
        return RunStepAsync(new Target(vmId, vmId), "exec", step, 1, 1, cancellationToken);
    }

    private async Task<TargetSequenceResult> RunVmAsync(
        Scenario scenario,
        VmSpec vm,
        IReadOnlyList<FileTreeSpec> trees,
        IReadOnlyList<ExecSpec> execs,
        string sequence,
        SemaphoreSlim slots,
        IProgress<SequenceProgress>? progress,
        CancellationToken cancellationToken)
    {
        await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Reading the command files first gives the true command count for progress ("i of n").
            var steps = trees.Select(t => (SequenceStep)new SequenceStep.Tree(t)).ToList();
            steps.AddRange(await ExpandAsync(execs, cancellationToken).ConfigureAwait(false));
            var target = new Target(vm.Name, _options.VmId(scenario, vm));
            return await RunStepsAsync(target, sequence, steps, progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            slots.Release();
        }
    }

    private async Task<List<SequenceStep>> ExpandAsync(IReadOnlyList<ExecSpec> execs, CancellationToken cancellationToken)
    {
        var steps = new List<SequenceStep>();
        foreach (var exec in execs)
        {
            if (exec.Type == ExecType.Verbatim)
            {
                steps.Add(new SequenceStep.Shell(exec.Command, exec.User));
                continue;
            }

            try
            {
                var text = await _options.ReadHostFile(exec.Command, cancellationToken).ConfigureAwait(false);
                steps.AddRange(GuestShell.CommandLines(text).Select(line => new SequenceStep.Shell(line, exec.User)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                steps.Add(new SequenceStep.Unreadable(exec.Command, e.Message));
            }
        }

        return steps;
    }

    private async Task<TargetSequenceResult> RunStepsAsync(Target target, string sequence, IReadOnlyList<SequenceStep> steps, IProgress<SequenceProgress>? progress, CancellationToken cancellationToken)
    {
        var outcomes = new List<ExecOutcome>();
        for (var i = 0; i < steps.Count; i++)
        {
            progress?.Report(new SequenceProgress(target.Name, i + 1, steps.Count, steps[i].Description, null));
            var outcome = await RunStepAsync(target, sequence, steps[i], i + 1, steps.Count, cancellationToken).ConfigureAwait(false);
            outcomes.Add(outcome);
            progress?.Report(new SequenceProgress(target.Name, i + 1, steps.Count, steps[i].Description, outcome));
            if (!outcome.Succeeded && _options.FailurePolicy == SequenceFailurePolicy.StopVm)
            {
                break;
            }
        }

        return new TargetSequenceResult(target.Name, steps.Count, outcomes);
    }

    private async Task<ExecOutcome> RunStepAsync(Target target, string sequence, SequenceStep step, int index, int count, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        StepResult result;
        try
        {
            result = step switch
            {
                SequenceStep.Shell shell when target.VmId is null => await RunOnHostAsync(shell, cancellationToken).ConfigureAwait(false),
                SequenceStep.Shell shell => await RunInGuestAsync(target.VmId, shell.CommandLine, shell.User, cancellationToken).ConfigureAwait(false),
                SequenceStep.Tree tree => await CopyTreeAsync(target.VmId!, tree.Spec, cancellationToken).ConfigureAwait(false),
                SequenceStep.Unreadable unreadable => StepResult.Failed($"cannot read command file \"{unreadable.File}\": {unreadable.Reason}"),
                _ => throw new InvalidOperationException($"unknown step {step.GetType().Name}"),
            };
        }
        catch (VmDriverException e)
        {
            result = StepResult.Failed(e.Message);
        }

        var error = result.Problem is { } problem
            ? $"{target.Label}, sequence \"{sequence}\", command {index} of {count} \"{step.Description}\": {problem}"
            : null;
        return new ExecOutcome(target.Name, sequence, index, step.Description, result.ExitCode, result.StandardOutput, result.StandardError, _time.GetElapsedTime(started), error);
    }

    private async Task<StepResult> RunOnHostAsync(SequenceStep.Shell shell, CancellationToken cancellationToken)
    {
        var result = await _host!.RunAsync(shell.CommandLine, shell.User, cancellationToken).ConfigureAwait(false);
        return StepResult.From(result.ExitCode, result.StandardOutput, result.StandardError);
    }

    private async Task<StepResult> RunInGuestAsync(string vmId, string commandLine, string? user, CancellationToken cancellationToken)
    {
        var command = GuestCommand.Shell(GuestShell.AsUser(commandLine, user), _options.CommandTimeout);
        var result = await _driver.ExecAsync(vmId, command, cancellationToken).ConfigureAwait(false);
        return StepResult.From(result.ExitCode, result.StandardOutput, result.StandardError);
    }

    /// <summary>A target of a sequence: a VM (its scenario name and driver id) or the host (no driver id).</summary>
    private sealed record Target(string Name, string? VmId)
    {
        public string Label => VmId is null ? HostTarget : $"vm \"{Name}\"";
    }

    /// <summary>What a step produced; <see cref="Problem"/> says why it failed, null when it did not.</summary>
    private sealed record StepResult(int? ExitCode, string StandardOutput, string StandardError, string? Problem)
    {
        public static StepResult From(int exitCode, string standardOutput, string standardError) =>
            new(exitCode, standardOutput, standardError, exitCode == 0 ? null : $"exited with {exitCode}: {Stderr(standardError)}");

        public static StepResult Failed(string problem) => new(null, string.Empty, string.Empty, problem);

        public static string Stderr(string standardError) =>
            string.IsNullOrWhiteSpace(standardError) ? "(no stderr)" : standardError.Trim();
    }
}
