using Nines.Drivers.Errors;

namespace Nines.Drivers.Tests;

public class VmStateMachineTests
{
    // The expected table, written out independently of the implementation: state -> operation -> result ("-" = illegal).
    private static readonly Dictionary<VmState, string> _expected = new()
    {
        //                      Start    Pause   Resume  Suspend   Restore  Shutdown Destroy   Reboot  Exec    WriteFile Remove  Migrate PrepareIncoming CompleteIncoming
        [VmState.Defined] = "   Running  -       -       -         -        -        Defined   -       -       -         Removed -       Incoming        -",
        [VmState.Running] = "   -        Paused  -       Suspended -        Stopped  Stopped   Running Running Running   -       Running -               -",
        [VmState.Paused] = "    -        -       Running Suspended -        Stopped  Stopped   -       -       -         -       -       -               -",
        [VmState.Suspended] = " -        -       -       -         Running  -        Stopped   -       -       -         Removed -       -               -",
        [VmState.Stopped] = "   Running  -       -       -         -        -        Stopped   -       -       -         Removed -       Incoming        -",
        [VmState.Crashed] = "   Running  -       -       -         -        -        Crashed   -       -       -         Removed -       Incoming        -",
        [VmState.Incoming] = "  -        -       -       -         -        -        Stopped   -       -       -         -       -       -               Running",
        [VmState.Removed] = "   -        -       -       -         -        -        -         -       -       -         -       -       -               -",
    };

    public static TheoryData<VmState, VmOperation, string> Table()
    {
        var data = new TheoryData<VmState, VmOperation, string>();
        foreach (var (state, row) in _expected)
        {
            var cells = row.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var operations = Enum.GetValues<VmOperation>();
            cells.Length.ShouldBe(operations.Length);
            for (var i = 0; i < operations.Length; i++)
            {
                data.Add(state, operations[i], cells[i]);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Table))]
    public void Next_EveryOperationFromEveryState_MatchesTable(VmState from, VmOperation operation, string expected)
    {
        var next = VmStateMachine.Next(from, operation);

        if (expected == "-")
        {
            next.ShouldBeNull();
            VmStateMachine.IsAllowed(from, operation).ShouldBeFalse();
            var error = Should.Throw<InvalidVmStateException>(() => VmStateMachine.Apply("vm1", from, operation));
            error.Current.ShouldBe(from);
            error.Operation.ShouldBe(operation);
            error.Code.ShouldBe("invalid-state");
        }
        else
        {
            next.ShouldBe(Enum.Parse<VmState>(expected));
            VmStateMachine.Apply("vm1", from, operation).ShouldBe(next!.Value);
        }
    }

    [Fact]
    public void Table_CoversEveryState()
    {
        _expected.Keys.Order().ShouldBe(Enum.GetValues<VmState>().Order());
    }

    [Fact]
    public void InvalidVmStateException_PauseStopped_NamesStateAndAllowedOperations()
    {
        var error = Should.Throw<InvalidVmStateException>(() => VmStateMachine.Apply("uml1", VmState.Stopped, VmOperation.Pause));

        error.Message.ShouldBe("cannot pause vm \"uml1\": it is stopped (allowed: start, destroy, remove, prepareincoming)");
        error.VmId.ShouldBe("uml1");
    }

    [Theory]
    [InlineData(VmState.Running, VmEventKind.Crashed, VmState.Crashed)]
    [InlineData(VmState.Paused, VmEventKind.Crashed, VmState.Crashed)]
    [InlineData(VmState.Running, VmEventKind.Stopped, VmState.Stopped)]
    [InlineData(VmState.Running, VmEventKind.Paused, VmState.Paused)]
    [InlineData(VmState.Paused, VmEventKind.Resumed, VmState.Running)]
    [InlineData(VmState.Running, VmEventKind.HeartbeatLost, VmState.Running)]
    [InlineData(VmState.Stopped, VmEventKind.Crashed, VmState.Stopped)]
    [InlineData(VmState.Suspended, VmEventKind.Resumed, VmState.Suspended)]
    public void Observe_EventFromState_MovesAsTheVmDid(VmState current, VmEventKind kind, VmState expected)
    {
        VmStateMachine.Observe(current, kind).ShouldBe(expected);
    }
}
