using System.CommandLine;
using Nines.Api.Contracts;
using Nines.Cli.Output;

namespace Nines.Cli.Commands;

/// <summary><c>nines vm resize</c>: run-time QoS of a VM (CPU quota and shares, memory limit, pids, CPU pinning).</summary>
internal static partial class VmCommand
{
    private static Command CreateResize(CliContext context)
    {
        var (command, remote, name, vm) = VmTargetCommand("resize", "Change a running VM's CPU quota/shares, memory limit, pids limit or CPUs");
        var quota = new Option<int?>("--cpu-quota") { Description = "Hard CPU cap, percent of one CPU (0 removes it)" };
        var shares = new Option<int?>("--cpu-shares") { Description = "Relative CPU weight (1024 is the default)" };
        var memory = new Option<long?>("--memory") { Description = "Hard memory limit, MiB" };
        var pids = new Option<int?>("--pids") { Description = "Maximum number of processes (0 removes it)" };
        var cpus = new Option<string?>("--cpus") { Description = "Host CPUs, cpuset syntax (0-1,3)" };
        command.Options.Add(quota);
        command.Options.Add(shares);
        command.Options.Add(memory);
        command.Options.Add(pids);
        command.Options.Add(cpus);
        command.SetAction((parse, cancellationToken) =>
        {
            var arguments = remote.Read(parse);
            var request = new VmResizeRequest(parse.GetValue(quota), parse.GetValue(shares), parse.GetValue(memory), parse.GetValue(pids), parse.GetValue(cpus));
            return RemoteCommand.RunAsync(context, "vm resize", arguments, autoStart: false, async connection =>
            {
                var view = await connection.Client.ResizeVmAsync(parse.GetValue(name)!, parse.GetValue(vm)!, request, cancellationToken).ConfigureAwait(false);
                await (arguments.Json
                    ? JsonOutput.WriteAsync(context.Out, view.Json)
                    : context.Out.WriteLineAsync($"{view.Value.Deployment}/{view.Value.Name}: resized ({view.Value.State}); see nines vm kpis {view.Value.Deployment} {view.Value.Name}")).ConfigureAwait(false);
                return ExitCodes.Ok;
            }, cancellationToken);
        });
        return command;
    }
}
