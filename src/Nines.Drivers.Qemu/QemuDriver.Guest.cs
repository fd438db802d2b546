using System.Text;
using Nines.Drivers.Errors;
using Nines.Drivers.Qemu.GuestAgent;

namespace Nines.Drivers.Qemu;

/// <summary>Commands and files through the guest agent.</summary>
internal sealed partial class QemuDriver
{
    public async Task<GuestExecResult> ExecAsync(string vmId, GuestCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        _core.Require(DriverCapabilities.GuestExec, vmId);
        var agent = ReadyAgent(vmId, VmOperation.Exec);
        var limit = command.Timeout ?? _options.GuestCommandTimeout;
        var request = new GuestExecRequest(command.Program, [.. command.Arguments], Stdin: command.Input is null ? null : Encoding.UTF8.GetBytes(command.Input));
        try
        {
            var result = await agent.ExecAsync(request, limit, cancellationToken).ConfigureAwait(false);
            return new GuestExecResult(result.ExitCode, result.Stdout, result.Stderr);
        }
        catch (GuestExecTimeoutException)
        {
            throw new DriverTimeoutException(vmId, $"guest command \"{command}\"", limit);
        }
        catch (Exception e) when (IsAgentFailure(e))
        {
            throw AgentFailure(vmId, $"guest command \"{command}\"", e);
        }
    }

    public async Task WriteFileAsync(string vmId, string guestPath, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(guestPath);
        _core.Require(DriverCapabilities.GuestFileWrite, vmId);
        var agent = ReadyAgent(vmId, VmOperation.WriteFile);
        try
        {
            await agent.WriteFileAsync(guestPath, content, "w", cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsAgentFailure(e) || e is IOException)
        {
            throw AgentFailure(vmId, $"writing \"{guestPath}\"", e);
        }
    }

    private static bool IsAgentFailure(Exception e) =>
        e is GuestAgentCommandException or GuestAgentTimeoutException or GuestAgentConnectionBrokenException or GuestAgentProtocolException;

    private static VmDriverException AgentFailure(string vmId, string what, Exception e) => e switch
    {
        GuestAgentTimeoutException timeout => new DriverTimeoutException(vmId, $"{what} (agent command \"{timeout.Command}\")", timeout.Timeout),
        _ => new DriverFailureException(vmId, $"vm \"{vmId}\": {what} failed: {e.Message}", e),
    };

    private GuestAgentClient ReadyAgent(string vmId, VmOperation operation)
    {
        lock (_gate)
        {
            var vm = _core.Find_NeedsLock(vmId);
            vm.CheckAllowed_NeedsLock(operation);
            if (!vm.Definition.GuestAgent || vm.Agent is null)
            {
                throw new GuestAgentUnavailableException(vmId, "the vm is defined without a guest agent");
            }

            return vm.GuestReady ? vm.Agent : throw new GuestAgentUnavailableException(vmId, "the guest is still booting");
        }
    }
}
