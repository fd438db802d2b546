using Nines.Domain.Diagnostics;
using Nines.Drivers.Errors;

namespace Nines.Drivers.Tests.Errors;

public class ErrorCodeTests
{
    [Fact]
    public void Code_EveryErrorType_StableAndDistinct()
    {
        VmDriverException[] errors =
        [
            new UnsupportedOperationException("fake", DriverCapabilities.Pause, "vm1"),
            new InvalidDefinitionException("vm1", [Diagnostic.Error("NX7002", SourceLocation.OfFile("api"), "vm[vm1].memoryMiB", "too much")]),
            new VmNotFoundException("vm1"),
            new InvalidVmStateException("vm1", VmState.Stopped, VmOperation.Pause),
            new DriverFailureException("vm1", "qemu exited", new IOException("broken pipe")),
            new GuestAgentUnavailableException("vm1", "booting"),
            new DriverTimeoutException("vm1", "qmp query-status", TimeSpan.FromSeconds(2)),
        ];

        errors.Select(e => e.Code).ShouldBe(
        [
            "unsupported-operation", "invalid-definition", "vm-not-found", "invalid-state", "driver-failure",
            "guest-agent-unavailable", "driver-timeout",
        ]);
        errors.ShouldAllBe(e => e.VmId == "vm1");
    }

    [Fact]
    public void InvalidDefinitionException_TwoErrors_MessageListsBoth()
    {
        var location = SourceLocation.OfFile("api");
        var error = new InvalidDefinitionException(
            "lab.vm1",
            [
                Diagnostic.Error("NX7002", location, "vm[vm1].memoryMiB", "memory 9000 MiB is more than the 100 MiB free on this host"),
                Diagnostic.Error("NX7007", location, "vm[vm1].nics[1].mac", "\"zz\" is not a MAC address"),
            ]);

        error.Message.ShouldBe("vm \"lab.vm1\" cannot run on this host (2 errors): vm[vm1].memoryMiB: memory 9000 MiB is more than the 100 MiB free on this host; vm[vm1].nics[1].mac: \"zz\" is not a MAC address");
    }
}
