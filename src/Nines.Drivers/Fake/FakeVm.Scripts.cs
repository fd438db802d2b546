namespace Nines.Drivers.Fake;

/// <summary>The scripted guest behaviour: timers on guest running time that act out <see cref="FakeBehaviour"/>.</summary>
internal sealed partial class FakeVm
{
    private readonly List<Script> _scripts = [];

    internal enum ScriptKind
    {
        Ready,
        Crash,
        Hang,
        Panic,
        Watchdog,
        PowerOff,
    }

    private void AddScript(ScriptKind kind, TimeSpan delay)
    {
        var script = new Script(kind, delay);
        _scripts.Add(script);
        Arm(script);
        RunDue();
    }

    /// <summary>Arms every unarmed script; those already due run now, in the order they were added.</summary>
    private void ArmScripts()
    {
        foreach (var script in _scripts.Where(s => s.Timer is null).ToList())
        {
            Arm(script);
        }

        RunDue();
    }

    private void Arm(Script script)
    {
        script.DueAt = Now + script.Remaining;
        if (script.Remaining > TimeSpan.Zero)
        {
            // The callback takes the host lock, which our caller holds, so the timer is assigned before it can run.
            ITimer? timer = null;
            timer = host.Time.CreateTimer(_ => OnTimer(script, timer), null, script.Remaining, Timeout.InfiniteTimeSpan);
            script.Timer = timer;
        }
    }

    // Zero-delay scripts run synchronously so their events follow the operation's own event in a fixed order.
    private void RunDue()
    {
        while (_scripts.Find(s => s.Timer is null && s.Remaining <= TimeSpan.Zero) is { } due)
        {
            _scripts.Remove(due);
            Run(due.Kind);
        }
    }

    private void OnTimer(Script script, ITimer? timer)
    {
        lock (host.Gate)
        {
            // A script cancelled, paused or re-armed after this timer was taken off the queue must not run.
            if (timer is null || !ReferenceEquals(script.Timer, timer) || !_scripts.Remove(script))
            {
                return;
            }

            timer.Dispose();
            Run(script.Kind);
        }
    }

    private void PauseScripts()
    {
        foreach (var script in _scripts)
        {
            script.Timer?.Dispose();
            script.Timer = null;
            var left = script.DueAt - Now;
            script.Remaining = left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    private void CancelScripts() => Cancel(_ => true);

    private void Cancel(Predicate<Script> match)
    {
        foreach (var script in _scripts.FindAll(match))
        {
            script.Timer?.Dispose();
            script.Timer = null;
            _scripts.Remove(script);
        }
    }

    private void Run(ScriptKind kind)
    {
        switch (kind)
        {
            case ScriptKind.Ready:
                GuestReady = true;
                Publish(VmEventKind.GuestReady);
                break;
            case ScriptKind.Crash:
                Exit(VmState.Crashed, Behaviour.CrashExitCode is { } code ? VmExitReason.ExitedWith(code) : VmExitReason.KilledBy(Behaviour.CrashSignal));
                break;
            case ScriptKind.Hang:
                // A hung guest never becomes ready and cannot finish a shutdown it was asked for.
                Cancel(s => s.Kind is ScriptKind.Hang or ScriptKind.Ready or ScriptKind.PowerOff);
                Hung = true;
                if (Definition.Watchdog is not null)
                {
                    AddScript(ScriptKind.Watchdog, Behaviour.WatchdogTimeout ?? FakeBehaviour.DefaultWatchdogTimeout);
                }

                break;
            case ScriptKind.Panic:
                Publish(VmEventKind.GuestPanicked);
                Exit(VmState.Crashed, new VmExitReason(VmExitKind.GuestPanicked, "guest kernel panicked"));
                break;
            case ScriptKind.Watchdog:
                FireWatchdog(Definition.Watchdog!.Action);
                break;
            case ScriptKind.PowerOff:
                Exit(VmState.Stopped, new VmExitReason(VmExitKind.GuestShutdown, "the guest powered off when asked"));
                break;
        }
    }

    private void FireWatchdog(WatchdogAction action)
    {
        Publish(VmEventKind.WatchdogFired, detail: action.ToString().ToLowerInvariant());
        switch (action)
        {
            case WatchdogAction.Reset:
                Publish(VmEventKind.Reset, detail: "watchdog");
                Boot();
                break;
            case WatchdogAction.Poweroff or WatchdogAction.Shutdown:
                Exit(VmState.Crashed, new VmExitReason(VmExitKind.Watchdog, $"watchdog fired (action {action.ToString().ToLowerInvariant()})"));
                break;
            case WatchdogAction.Pause:
                Pause();
                break;
            case WatchdogAction.None:
                break;
        }
    }

    private sealed class Script(ScriptKind kind, TimeSpan remaining)
    {
        public ScriptKind Kind { get; } = kind;

        public TimeSpan Remaining { get; set; } = remaining;

        public DateTimeOffset DueAt { get; set; }

        public ITimer? Timer { get; set; }
    }
}
