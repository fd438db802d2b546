using System.Text.Json;
using Nines.Contracts.AgentWire;
using Nines.Domain;
using Nines.Domain.Diagnostics;
using Nines.Drivers;
using Nines.Drivers.Errors;
using Nines.Drivers.Sequences;

namespace Nines.Contracts.Tests.AgentWire;

/// <summary>Every host error survives the trip through problem+json as the same type, message and fields.</summary>
public sealed class AgentErrorsTests
{
    public static TheoryData<Exception> HostErrors => new()
    {
        new VmNotFoundException("acme.t.vm1"),
        new InvalidVmStateException("acme.t.vm1", VmState.Stopped, VmOperation.Pause),
        new UnsupportedOperationException("fake", DriverCapabilities.Resize, "acme.t.vm1"),
        InvalidDefinition(),
        new DriverTimeoutException("acme.t.vm1", "guest command \"sleep 60\"", TimeSpan.FromSeconds(30)),
        new GuestAgentUnavailableException("acme.t.vm1", "still booting"),
        new DriverFailureException("acme.t.vm1", "qemu exited at once"),
        new UnknownSequenceException("tutorial", "nope", ["dir", "logout"]),
        new InvalidDataException("the scenario does not parse: x.yaml:1:1: error"),
    };

    [Theory]
    [MemberData(nameof(HostErrors))]
    public void ToException_ProblemOfAHostError_RebuildsTheSameTypeAndMessage(Exception error)
    {
        var json = JsonSerializer.Serialize(AgentErrors.ToProblem(error, "tutorial"), AgentJson.Answers);

        var rebuilt = AgentErrors.ToException(JsonSerializer.Deserialize<AgentProblem>(json, AgentJson.Answers)!);

        rebuilt.ShouldNotBeNull().GetType().ShouldBe(error.GetType());
        rebuilt.Message.ShouldBe(error.Message);
        if (error is VmDriverException driverError)
        {
            ((VmDriverException)rebuilt).VmId.ShouldBe(driverError.VmId);
        }
    }

    [Fact]
    public void ToException_InvalidDefinition_KeepsEveryDiagnosticWithItsLocation()
    {
        var error = InvalidDefinition();
        var json = JsonSerializer.Serialize(AgentErrors.ToProblem(error), AgentJson.Answers);

        var rebuilt = (InvalidDefinitionException)AgentErrors.ToException(JsonSerializer.Deserialize<AgentProblem>(json, AgentJson.Answers)!)!;

        rebuilt.Diagnostics.ShouldBe(error.Diagnostics);
    }

    [Fact]
    public void ToProblem_UnexpectedException_Is500WithoutAnExceptionToRebuild()
    {
        var problem = AgentErrors.ToProblem(new InvalidOperationException("bug"));

        (problem.Status, problem.Code).ShouldBe((500, AgentErrors.AgentFailure));
        AgentErrors.ToException(problem).ShouldBeNull();
    }

    private static InvalidDefinitionException InvalidDefinition() => new("acme.t.vm1", ValueList.From([
        Diagnostic.Error("NX4001", new SourceLocation("t.xml", 12, 5), "vm[vm1]/mem", "needs at least 64 MiB"),
        Diagnostic.Warning("NX4002", new SourceLocation("t.xml", 13, 7), null, "no kernel"),
    ]));
}
