using System.Text.Json;
using Nines.Contracts.Model;
using Nines.Contracts.Repositories;
using Nines.Drivers;

namespace Nines.Contracts.Tests.Model;

/// <summary>
/// The status's VM states are <see cref="VmPhase"/> (the driver's <see cref="VmState"/> plus Absent), and the stored
/// JSON is what it was when they were strings: the state's name, <c>"Absent"</c> included.
/// </summary>
public sealed class VmPhaseTests
{
    // Written by the code before the enum (VmSummary.State was the state's name as a string).
    private const string OldStatus = """
        {"phase":"Degraded","vms":{"a":{"host":"h1","state":"Running","guestReady":true,"configured":true,"lastError":null},"b":{"host":"h2","state":"Absent","guestReady":false,"configured":false,"lastError":"host h2: gone"},"c":{"host":"h1","state":"Crashed","guestReady":false,"configured":false,"lastError":"vm is crashed: killed"}},"conditions":[],"observedGeneration":3,"operationId":"op-1","updatedAt":"2026-12-07T10:00:00+00:00"}
        """;

    private const string OldObserved = """
        {"tenant":"acme","deployment":"lab","vm":"a","host":"h1","state":"Suspended","guestReady":false,"configured":false,"kpis":null,"lastError":null,"updatedAt":"2026-12-07T10:00:00+00:00"}
        """;

    [Fact]
    public void Deserialize_StatusWrittenWithStringStates_ReadsEachPhase()
    {
        var status = JsonSerializer.Deserialize<DeploymentStatus>(OldStatus, ControlPlaneJson.Options)!;

        status.Vms["a"].State.ShouldBe(VmPhase.Running);
        status.Vms["b"].State.ShouldBe(VmPhase.Absent);
        status.Vms["b"].IsPresent.ShouldBeFalse();
        status.Vms["c"].State.ShouldBe(VmPhase.Crashed);
        status.Vms["c"].IsPresent.ShouldBeTrue();
    }

    [Fact]
    public void Serialize_Status_WritesTheSameJsonAsTheStringStatesDid()
    {
        var status = JsonSerializer.Deserialize<DeploymentStatus>(OldStatus, ControlPlaneJson.Options)!;

        JsonSerializer.Serialize(status, ControlPlaneJson.Options).ShouldBe(OldStatus);
    }

    [Fact]
    public void Serialize_ObservedVm_StateByNameAndNullWhenTheVmDoesNotExist()
    {
        var observed = JsonSerializer.Deserialize<VmObserved>(OldObserved, ControlPlaneJson.Options)!;

        observed.State.ShouldBe(VmState.Suspended);
        JsonSerializer.Serialize(observed, ControlPlaneJson.Options).ShouldBe(OldObserved);
        JsonSerializer.Serialize(observed with { State = null }, ControlPlaneJson.Options).ShouldContain("\"state\":null,");
    }

    [Fact]
    public void Of_EveryDriverState_ThePhaseOfTheSameNameAndBack()
    {
        foreach (var state in Enum.GetValues<VmState>())
        {
            var phase = VmPhases.Of(state);

            phase.ToString().ShouldBe(state.ToString(), "the stored name must not change");
            phase.ToState().ShouldBe(state);
        }

        VmPhases.Of(null).ShouldBe(VmPhase.Absent);
        VmPhase.Absent.ToState().ShouldBeNull();
        Enum.GetNames<VmPhase>().ShouldBe([nameof(VmPhase.Absent), .. Enum.GetNames<VmState>()], ignoreOrder: true);
    }
}
