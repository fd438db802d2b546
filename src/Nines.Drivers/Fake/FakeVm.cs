using Nines.Drivers.Core;

namespace Nines.Drivers.Fake;

/// <summary>
/// One fake VM: its process, guest and scripted behaviour. Every member is used under <see cref="FakeHost.Gate"/>;
/// the driver checks legality (<see cref="VmStateMachine"/>) before calling an operation here.
/// </summary>
internal sealed partial class FakeVm(FakeHost host, VmDefinition definition) : DriverVm(definition, host.Time.GetUtcNow())
{
    private TimeSpan _runningBefore;
    private DateTimeOffset? _runningSince;
    private TaskCompletionSource? _processEnded;

    public FakeBehaviour Behaviour => Definition.Fake ?? FakeBehaviour.Healthy;

    public int? ProcessId { get; private set; }

    public DateTimeOffset? ProcessStartedAt { get; private set; }

    public bool Hung { get; private set; }

    public string? SuspendedTo { get; private set; }

    public Dictionary<string, byte[]> GuestFiles { get; private set; } = new(StringComparer.Ordinal);

    /// <summary>Guest running time so far (paused and stopped time excluded): what the KPI counters grow with.</summary>
    public TimeSpan RunningTime =>
        _runningBefore + (_runningSince is { } since ? host.Time.GetUtcNow() - since : TimeSpan.Zero);

    private DateTimeOffset Now => host.Time.GetUtcNow();

    /// <summary>The status without the heartbeat, which each driver of the host observes on its own.</summary>
    public override VmStatus ToStatus() => new(Id, State, Since, ProcessId, ProcessId is null ? null : "fake", GuestReady, null, ExitReason);

    public void Start()
    {
        StartProcess(VmEventKind.Started);
        Boot();
    }

    public void Pause()
    {
        PauseScripts();
        StopRunningClock();
        Enter(VmState.Paused);
        Publish(VmEventKind.Paused);
    }

    public void Resume()
    {
        Enter(VmState.Running);
        StartRunningClock();
        Publish(VmEventKind.Resumed);
        ArmScripts();
    }

    public void Suspend(string path)
    {
        PauseScripts();
        var saved = new FakeSavedState(
            Id,
            [.. _scripts.Select(s => (s.Kind, s.Remaining))],
            GuestReady,
            Hung,
            new Dictionary<string, byte[]>(GuestFiles, StringComparer.Ordinal));
        host.SavedStates[path] = saved;
        _scripts.Clear();
        EndProcess();
        SuspendedTo = path;
        Enter(VmState.Suspended);
        Publish(VmEventKind.Suspended, detail: path);
    }

    public void Restore(FakeSavedState saved)
    {
        SuspendedTo = null;
        StartProcess(VmEventKind.Restored);
        GuestReady = saved.GuestReady;
        Hung = saved.Hung;
        GuestFiles = new Dictionary<string, byte[]>(saved.GuestFiles, StringComparer.Ordinal);
        foreach (var (kind, remaining) in saved.Scripts)
        {
            _scripts.Add(new Script(kind, remaining));
        }

        ArmScripts();
    }

    /// <summary>Asks the guest to power off; the task completes when the process has ended, however that happens.</summary>
    public Task RequestShutdown()
    {
        _processEnded ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var ended = _processEnded.Task;
        Publish(VmEventKind.ShutdownRequested);
        if (State == VmState.Running && !Hung && !Behaviour.IgnoreShutdown)
        {
            AddScript(ScriptKind.PowerOff, Behaviour.ShutdownTime);
        }

        return ended;
    }

    /// <summary>Forced stop; from Suspended it discards the saved memory.</summary>
    public void Destroy(string message)
    {
        var reason = new VmExitReason(VmExitKind.Destroyed, message);
        if (ProcessId is not null)
        {
            Exit(VmState.Stopped, reason);
        }
        else if (State == VmState.Suspended)
        {
            host.SavedStates.Remove(SuspendedTo!);
            SuspendedTo = null;
            ExitReason = reason with { Message = "saved state discarded" };
            Enter(VmState.Stopped);
            Publish(VmEventKind.Stopped, ExitReason);
        }
    }

    public void Reboot()
    {
        Publish(VmEventKind.Reset, detail: "reboot");
        Boot();
    }

    /// <summary>The process dies as if killed with <paramref name="signal"/> (<c>kill -9</c> is 9).</summary>
    public void Kill(int signal) => Exit(VmState.Crashed, VmExitReason.KilledBy(signal));

    public void HangNow() => Run(ScriptKind.Hang);

    public void PanicNow() => Run(ScriptKind.Panic);

    /// <summary>Forgets the VM's saved images; the driver removes the VM itself from the host.</summary>
    public void Forget()
    {
        if (SuspendedTo is not null)
        {
            host.SavedStates.Remove(SuspendedTo);
        }

        CancelScripts();
    }

    private void StartProcess(VmEventKind kind)
    {
        ProcessId = host.NextProcessId();
        host.RaiseProcessChanged(Id, running: true);
        ProcessStartedAt = Now;
        ExitReason = null;
        Enter(VmState.Running);
        StartRunningClock();
        Publish(kind);
    }

    /// <summary>A fresh guest boot on the running process: scripts start over from zero.</summary>
    private void Boot()
    {
        CancelScripts();
        GuestReady = false;
        Hung = false;
        var behaviour = Behaviour;
        if (Definition.GuestAgent)
        {
            _scripts.Add(new Script(ScriptKind.Ready, behaviour.BootTime));
        }

        AddIfSet(ScriptKind.Crash, behaviour.CrashAfter);
        AddIfSet(ScriptKind.Hang, behaviour.HangAfter);
        AddIfSet(ScriptKind.Panic, behaviour.PanicAfter);
        ArmScripts();
    }

    private void AddIfSet(ScriptKind kind, TimeSpan? after)
    {
        if (after is { } delay)
        {
            _scripts.Add(new Script(kind, delay));
        }
    }

    /// <summary>The process ends for <paramref name="reason"/>: <see cref="VmEventKind.Crashed"/> or <see cref="VmEventKind.Stopped"/>.</summary>
    private void Exit(VmState state, VmExitReason reason)
    {
        CancelScripts();
        EndProcess();
        ExitReason = reason;
        Enter(state);
        Publish(state == VmState.Crashed ? VmEventKind.Crashed : VmEventKind.Stopped, reason);
    }

    private void EndProcess()
    {
        StopRunningClock();
        if (ProcessId is not null)
        {
            host.RaiseProcessChanged(Id, running: false);
        }

        ProcessId = null;
        ProcessStartedAt = null;
        GuestReady = false;
        Hung = false;
        _processEnded?.TrySetResult();
        _processEnded = null;
    }

    private void Enter(VmState state)
    {
        State = state;
        Since = Now;
    }

    private void StartRunningClock() => _runningSince = Now;

    private void StopRunningClock()
    {
        _runningBefore = RunningTime;
        _runningSince = null;
    }

    private void Publish(VmEventKind kind, VmExitReason? reason = null, string? detail = null) =>
        host.Publish(new VmEvent(Id, kind, Now, reason, detail));
}
