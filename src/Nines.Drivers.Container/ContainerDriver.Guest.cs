using System.Globalization;
using System.Text;
using Nines.Drivers.Container.Launch;
using Nines.Drivers.Container.Processes;
using Nines.Drivers.Errors;

namespace Nines.Drivers.Container;

internal sealed partial class ContainerDriver
{
    /// <summary>
    /// Runs the command inside the instance: a host shell joins the instance's cgroups, then <c>crun exec</c> enters all
    /// its namespaces and its root with the init's confinement (user, capabilities, <c>no_new_privs</c>, seccomp) and the
    /// instance's environment. A non-zero exit is a result.
    /// </summary>
    public async Task<GuestExecResult> ExecAsync(string vmId, GuestCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var input = command.Input is null ? null : Encoding.UTF8.GetBytes(command.Input);
        var timeout = command.Timeout ?? _options.ExecTimeout;
        var output = await RunInsideAsync(vmId, VmOperation.Exec, [command.Program, .. command.Arguments], input, timeout, cancellationToken).ConfigureAwait(false)
            ?? throw new DriverTimeoutException(vmId, $"command \"{command}\"", timeout);
        return new GuestExecResult(output.ExitCode, output.StandardOutput, output.StandardError);
    }

    public async Task WriteFileAsync(string vmId, string guestPath, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(guestPath);
        var output = await RunInsideAsync(
            vmId,
            VmOperation.WriteFile,
            ["/bin/sh", "-c", "mkdir -p \"$(dirname \"$1\")\" && cat > \"$1\"", "sh", guestPath],
            content.ToArray(),
            _options.ExecTimeout,
            cancellationToken).ConfigureAwait(false);
        if (output is not { Succeeded: true })
        {
            throw new DriverFailureException(vmId, $"cannot write {guestPath} in instance \"{vmId}\": {output?.StandardError.Trim() ?? "timed out"}");
        }
    }

    private async Task<ProcessResult?> RunInsideAsync(
        string vmId, VmOperation operation, IReadOnlyList<string> command, byte[]? input, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var vm = _core.Get(vmId);
        lock (_gate)
        {
            vm.CheckAllowed_NeedsLock(operation);
            _ = vm.InitPid ?? throw new GuestAgentUnavailableException(vmId, "the instance's init is not known yet");
        }

        var procs = vm.Cgroup.ProcsFiles.ToList();
        var join = string.Concat(procs.Select((_, i) => $"echo $$ > \"${(i + 1).ToString(CultureInfo.InvariantCulture)}\" || exit {LaunchScripts.CgroupJoinFailed}; "));
        var environment = new Sandbox.OciConfig(vm.Run, vm.Definition, 0).Environment.SelectMany(e => new[] { "--env", e });
        List<string> arguments =
        [
            "-c", $"{join}shift {procs.Count.ToString(CultureInfo.InvariantCulture)}; exec \"$@\"", "nines-exec", .. procs,
            _options.Runtime, "--cgroup-manager=disabled", "--root", vm.Run.OciState, "exec", "--no-new-privs", "--cwd", "/", .. environment,
            Sandbox.OciConfig.ContainerName, .. command,
        ];
        var result = await _options.Processes.RunAsync(HostProcessRequests.Request("/bin/sh", arguments, input, timeout), cancellationToken).ConfigureAwait(false);
        return result.TimedOut ? null : result;
    }
}
