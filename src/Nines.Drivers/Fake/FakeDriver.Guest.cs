using System.Text.RegularExpressions;
using Nines.Drivers.Errors;

namespace Nines.Drivers.Fake;

/// <summary>Guest-agent calls: exec answered by <see cref="FakeBehaviour.ExecRules"/>, file writes kept in memory.</summary>
public sealed partial class FakeDriver
{
    private static readonly TimeSpan _patternTimeout = TimeSpan.FromSeconds(1);

    public async Task<GuestExecResult> ExecAsync(string vmId, GuestCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        cancellationToken.ThrowIfCancellationRequested();
        _core.Require(DriverCapabilities.GuestExec, vmId);
        var limit = command.Timeout ?? _options.GuestCommandTimeout;
        FakeExecRule? rule;
        bool hung;
        lock (_host.Gate)
        {
            var vm = CheckGuest_NeedsLock(vmId, VmOperation.Exec);
            hung = vm.Hung;
            var line = command.ToString();
            rule = vm.Behaviour.ExecRules.FirstOrDefault(r => Regex.IsMatch(line, r.Pattern, RegexOptions.None, _patternTimeout));
        }

        // A hung guest never answers: the caller waits for the whole limit, as with a real guest agent.
        var duration = hung ? limit : rule?.Duration ?? TimeSpan.Zero;
        if (duration > TimeSpan.Zero)
        {
            await Task.Delay(duration < limit ? duration : limit, Time, cancellationToken).ConfigureAwait(false);
        }

        if (hung || duration >= limit && duration > TimeSpan.Zero)
        {
            throw new DriverTimeoutException(vmId, $"guest command \"{command}\"", limit);
        }

        return rule is null
            ? new GuestExecResult(0, string.Empty, string.Empty)
            : new GuestExecResult(rule.ExitCode, rule.StandardOutput, rule.StandardError);
    }

    public Task WriteFileAsync(string vmId, string guestPath, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(guestPath);
        cancellationToken.ThrowIfCancellationRequested();
        _core.Require(DriverCapabilities.GuestFileWrite, vmId);
        lock (_host.Gate)
        {
            var vm = CheckGuest_NeedsLock(vmId, VmOperation.WriteFile);
            if (vm.Hung)
            {
                throw new DriverTimeoutException(vmId, $"writing \"{guestPath}\"", _options.GuestCommandTimeout);
            }

            vm.GuestFiles[guestPath] = content.ToArray();
        }

        return Task.CompletedTask;
    }

    private FakeVm CheckGuest_NeedsLock(string vmId, VmOperation operation)
    {
        var vm = Find_NeedsLock(vmId);
        vm.CheckAllowed_NeedsLock(operation);
        if (!vm.Definition.GuestAgent)
        {
            throw new GuestAgentUnavailableException(vmId, "the vm is defined without a guest agent");
        }

        if (!vm.GuestReady && !vm.Hung)
        {
            throw new GuestAgentUnavailableException(vmId, "the guest is still booting");
        }

        return vm;
    }
}
