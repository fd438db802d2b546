namespace Nines.Drivers.Fake;

/// <summary>Live migration of a fake VM: the destination waits as Incoming, the source hands over its saved state.</summary>
internal sealed partial class FakeVm
{
    /// <summary>The state handed over by the source, once it has arrived.</summary>
    public FakeSavedState? Arrived { get; private set; }

    /// <summary>The destination's process starts and waits for the guest's state.</summary>
    public void WaitIncoming(string endpoint)
    {
        ProcessId = host.NextProcessId();
        host.RaiseProcessChanged(Id, running: true);
        ProcessStartedAt = Now;
        ExitReason = null;
        Arrived = null;
        GuestReady = false;
        Enter(VmState.Incoming);
        Publish(VmEventKind.MigrationIncoming, detail: endpoint);
    }

    /// <summary>The source's state as it would go over the wire (scripts, readiness, hang, guest files).</summary>
    public FakeSavedState Snapshot() => new(
        Id,
        [.. _scripts.Select(s => (s.Kind, s.Remaining))],
        GuestReady,
        Hung,
        new Dictionary<string, byte[]>(GuestFiles, StringComparer.Ordinal));

    /// <summary>The guest's state arrived from the source.</summary>
    public void Arrive(FakeSavedState saved) => Arrived = saved;

    /// <summary>The source after the switch: frozen until it is destroyed (commit) or resumed (fail-back).</summary>
    public void MigratedAway(string destination)
    {
        PauseScripts();
        StopRunningClock();
        Enter(VmState.Paused);
        Publish(VmEventKind.Migrated, detail: destination);
    }

    /// <summary>The destination runs the guest that arrived.</summary>
    public void RunArrived()
    {
        var saved = Arrived!;
        GuestReady = saved.GuestReady;
        Hung = saved.Hung;
        GuestFiles = new Dictionary<string, byte[]>(saved.GuestFiles, StringComparer.Ordinal);
        foreach (var (kind, remaining) in saved.Scripts)
        {
            _scripts.Add(new Script(kind, remaining));
        }

        Enter(VmState.Running);
        StartRunningClock();
        Publish(VmEventKind.MigrationArrived);
        ArmScripts();
    }
}
