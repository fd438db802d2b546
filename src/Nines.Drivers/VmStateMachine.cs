using System.Collections.Frozen;
using Nines.Drivers.Errors;

namespace Nines.Drivers;

/// <summary>
/// Which operation is legal from which state and where it leads, plus how observed events move the state.
/// Pure, and shared by every driver so they all refuse and accept exactly the same things.
/// </summary>
public static class VmStateMachine
{
    private static readonly FrozenDictionary<(VmState From, VmOperation Operation), VmState> _transitions =
        new Dictionary<(VmState, VmOperation), VmState>
        {
            [(VmState.Defined, VmOperation.Start)] = VmState.Running,
            [(VmState.Stopped, VmOperation.Start)] = VmState.Running,
            [(VmState.Crashed, VmOperation.Start)] = VmState.Running,

            [(VmState.Running, VmOperation.Pause)] = VmState.Paused,
            [(VmState.Paused, VmOperation.Resume)] = VmState.Running,

            [(VmState.Running, VmOperation.Suspend)] = VmState.Suspended,
            [(VmState.Paused, VmOperation.Suspend)] = VmState.Suspended,
            [(VmState.Suspended, VmOperation.Restore)] = VmState.Running,

            // A paused guest cannot answer the graceful request, so shutdown from Paused ends forced after the grace period.
            [(VmState.Running, VmOperation.Shutdown)] = VmState.Stopped,
            [(VmState.Paused, VmOperation.Shutdown)] = VmState.Stopped,

            // Destroy is the forced stop and is idempotent, so a reconciler can always issue it; from Suspended it discards the saved memory.
            [(VmState.Running, VmOperation.Destroy)] = VmState.Stopped,
            [(VmState.Paused, VmOperation.Destroy)] = VmState.Stopped,
            [(VmState.Suspended, VmOperation.Destroy)] = VmState.Stopped,
            [(VmState.Defined, VmOperation.Destroy)] = VmState.Defined,
            [(VmState.Stopped, VmOperation.Destroy)] = VmState.Stopped,
            [(VmState.Crashed, VmOperation.Destroy)] = VmState.Crashed,

            [(VmState.Running, VmOperation.Reboot)] = VmState.Running,
            [(VmState.Running, VmOperation.Exec)] = VmState.Running,
            [(VmState.Running, VmOperation.WriteFile)] = VmState.Running,

            // No process may be left behind, so a running or paused VM must be destroyed before it is removed.
            [(VmState.Defined, VmOperation.Remove)] = VmState.Removed,
            [(VmState.Stopped, VmOperation.Remove)] = VmState.Removed,
            [(VmState.Crashed, VmOperation.Remove)] = VmState.Removed,
            [(VmState.Suspended, VmOperation.Remove)] = VmState.Removed,

            // Live migration: the source stays Running until it is destroyed (committed) or resumed (failed back); the
            // destination waits as Incoming, which only completing or destroying ends (never a second start).
            [(VmState.Running, VmOperation.Migrate)] = VmState.Running,
            [(VmState.Defined, VmOperation.PrepareIncoming)] = VmState.Incoming,
            [(VmState.Stopped, VmOperation.PrepareIncoming)] = VmState.Incoming,
            [(VmState.Crashed, VmOperation.PrepareIncoming)] = VmState.Incoming,
            [(VmState.Incoming, VmOperation.CompleteIncoming)] = VmState.Running,
            [(VmState.Incoming, VmOperation.Destroy)] = VmState.Stopped,
        }.ToFrozenDictionary();

    /// <summary>True when <paramref name="operation"/> may be asked of a VM in state <paramref name="from"/>.</summary>
    public static bool IsAllowed(VmState from, VmOperation operation) => _transitions.ContainsKey((from, operation));

    /// <summary>The state the operation leads to, or null when it is not legal from <paramref name="from"/>.</summary>
    public static VmState? Next(VmState from, VmOperation operation) =>
        _transitions.TryGetValue((from, operation), out var to) ? to : null;

    /// <summary>The state the operation leads to; throws <see cref="InvalidVmStateException"/> when it is not legal.</summary>
    public static VmState Apply(string vmId, VmState from, VmOperation operation) =>
        Next(from, operation) ?? throw new InvalidVmStateException(vmId, from, operation);

    /// <summary>The operations legal from <paramref name="from"/>, in declaration order.</summary>
    public static IReadOnlyList<VmOperation> AllowedFrom(VmState from) =>
        [.. Enum.GetValues<VmOperation>().Where(op => IsAllowed(from, op))];

    /// <summary>
    /// The state after something the VM did on its own (a process exit, a guest power-off, a watchdog pause);
    /// events that do not change the state (heartbeat, panic notice before the crash) leave it as it is.
    /// </summary>
    public static VmState Observe(VmState current, VmEventKind kind) => (current, kind) switch
    {
        (VmState.Running or VmState.Paused or VmState.Incoming, VmEventKind.Crashed) => VmState.Crashed,
        (VmState.Running or VmState.Paused or VmState.Incoming, VmEventKind.Stopped) => VmState.Stopped,
        (VmState.Running, VmEventKind.Paused) => VmState.Paused,
        (VmState.Paused, VmEventKind.Resumed) => VmState.Running,
        _ => current,
    };
}
