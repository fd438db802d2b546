using System.CommandLine;
using System.Globalization;
using Nines.Api.Contracts;
using Nines.Cli.Output;

namespace Nines.Cli.Commands;

/// <summary><c>nines vm list|show|kpis|resize|pause|resume|…</c>: single VMs of a deployment.</summary>
internal static partial class VmCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("vm", "List, inspect, operate and resize the VMs of deployments");
        command.Subcommands.Add(CreateList(context));
        command.Subcommands.Add(CreateShow(context));
        command.Subcommands.Add(CreateKpis(context));
        command.Subcommands.Add(CreateResize(context));
        command.Subcommands.Add(CreateMigrate(context));
        foreach (var action in Enum.GetValues<VmAction>())
        {
            command.Subcommands.Add(CreateAction(context, action));
        }

        return command;
    }

    private static Command CreateList(CliContext context)
    {
        var (command, remote) = RemoteOptions.Command("list", "The VMs of a deployment, or of every deployment");
        var name = new Argument<string?>("name") { Description = "A deployment", Arity = ArgumentArity.ZeroOrOne };
        command.Arguments.Add(name);
        command.SetAction((parse, cancellationToken) =>
        {
            var arguments = remote.Read(parse);
            return RemoteCommand.RunAsync(context, "vm list", arguments, autoStart: false, async connection =>
            {
                var vms = await connection.Client.ListVmsAsync(parse.GetValue(name), cancellationToken).ConfigureAwait(false);
                if (arguments.Json)
                {
                    await JsonOutput.WriteAsync(context.Out, vms.Json).ConfigureAwait(false);
                }
                else
                {
                    WriteTable(context.Out, vms.Value);
                }

                return ExitCodes.Ok;
            }, cancellationToken);
        });
        return command;
    }

    private static Command CreateShow(CliContext context)
    {
        var (command, remote, name, vm) = VmTargetCommand("show", "One VM, its state inspected live through its host's agent");
        command.SetAction((parse, cancellationToken) =>
        {
            var arguments = remote.Read(parse);
            return RemoteCommand.RunAsync(context, "vm show", arguments, autoStart: false, async connection =>
            {
                var view = await connection.Client.GetVmAsync(parse.GetValue(name)!, parse.GetValue(vm)!, cancellationToken).ConfigureAwait(false);
                await (arguments.Json ? JsonOutput.WriteAsync(context.Out, view.Json) : WriteVmAsync(context.Out, view.Value)).ConfigureAwait(false);
                return ExitCodes.Ok;
            }, cancellationToken);
        });
        return command;
    }

    private static Command CreateAction(CliContext context, VmAction action)
    {
        var verb = action.ToString().ToLowerInvariant();
        var (command, remote, name, vm) = VmTargetCommand(verb, $"{action} a VM");
        command.SetAction((parse, cancellationToken) =>
        {
            var arguments = remote.Read(parse);
            return RemoteCommand.RunAsync(context, $"vm {verb}", arguments, autoStart: false, async connection =>
            {
                var view = await connection.Client.VmActionAsync(parse.GetValue(name)!, parse.GetValue(vm)!, action, cancellationToken).ConfigureAwait(false);
                await (arguments.Json
                    ? JsonOutput.WriteAsync(context.Out, view.Json)
                    : context.Out.WriteLineAsync($"{view.Value.Deployment}/{view.Value.Name}: {verb} → {view.Value.State ?? "gone"}")).ConfigureAwait(false);
                return ExitCodes.Ok;
            }, cancellationToken);
        });
        return command;
    }

    private static Command CreateKpis(CliContext context)
    {
        var (command, remote, name, vm) = VmTargetCommand("kpis", "A fresh KPI sample of a VM: CPU, memory, disks, NICs");
        command.SetAction((parse, cancellationToken) =>
        {
            var arguments = remote.Read(parse);
            return RemoteCommand.RunAsync(context, "vm kpis", arguments, autoStart: false, async connection =>
            {
                var kpis = await connection.Client.GetKpisAsync(parse.GetValue(name)!, parse.GetValue(vm)!, cancellationToken).ConfigureAwait(false);
                await (arguments.Json ? JsonOutput.WriteAsync(context.Out, kpis.Json) : WriteKpisAsync(context.Out, kpis.Value)).ConfigureAwait(false);
                return ExitCodes.Ok;
            }, cancellationToken);
        });
        return command;
    }

    private static (Command Command, RemoteOptions Remote, Argument<string> Name, Argument<string> Vm) VmTargetCommand(string verb, string description)
    {
        var (command, remote) = RemoteOptions.Command(verb, description);
        var name = new Argument<string>("name") { Description = "The deployment" };
        var vm = new Argument<string>("vm") { Description = "The VM" };
        command.Arguments.Add(name);
        command.Arguments.Add(vm);
        return (command, remote, name, vm);
    }

    private static void WriteTable(TextWriter output, IReadOnlyList<VmView> vms) =>
        TextTable.Write(output, ["DEPLOYMENT", "VM", "HOST", "STATE", "GUEST", "CONFIGURED", "ERROR"], vms.Select(v => (IReadOnlyList<string>)
        [
            $"{v.Tenant}/{v.Deployment}",
            v.Name,
            v.Host ?? "-",
            v.State ?? "-",
            v.GuestReady ? "ready" : "-",
            v.Configured ? "yes" : "no",
            v.LastError ?? string.Empty,
        ]));

    private static async Task WriteVmAsync(TextWriter output, VmView vm)
    {
        await output.WriteLineAsync($"vm:          {vm.Tenant}/{vm.Deployment}/{vm.Name} ({vm.Id})").ConfigureAwait(false);
        await output.WriteLineAsync($"host:        {vm.Host ?? "-"}").ConfigureAwait(false);
        await output.WriteLineAsync($"state:       {vm.State ?? "not defined"}").ConfigureAwait(false);
        await output.WriteLineAsync($"guest:       {(vm.GuestReady ? "ready" : "not ready")}, {(vm.Configured ? "configured" : "not configured")}").ConfigureAwait(false);
        if (vm.LastError is { } error)
        {
            await output.WriteLineAsync($"last error:  {error}").ConfigureAwait(false);
        }
    }

    private static async Task WriteKpisAsync(TextWriter output, VmKpisView k)
    {
        var c = CultureInfo.InvariantCulture;
        await output.WriteLineAsync($"vm {k.Vm}: {k.State}, up {Format.Duration(k.Uptime)}, {k.Vcpus} vCPU(s), sampled {k.SampledAt.ToString("u", c)}").ConfigureAwait(false);
        await output.WriteLineAsync($"  host cpu:    {(k.HostCpuPercent is { } cpu ? cpu.ToString("0.0", c) + " %" : "-")}").ConfigureAwait(false);
        await output.WriteLineAsync($"  rss:         {(k.RssBytes is { } rss ? Format.Bytes(rss) : "-")}").ConfigureAwait(false);
        await output.WriteLineAsync($"  guest mem:   {(k.GuestMemoryBytes is { } m ? Format.Bytes(m) : "-")} (free {(k.GuestFreeBytes is { } f ? Format.Bytes(f) : "-")})").ConfigureAwait(false);
        await output.WriteLineAsync($"  heartbeat:   {(k.HeartbeatAge is { } age ? $"{age.TotalSeconds.ToString("0.0", c)} s ago" : "-")}").ConfigureAwait(false);
        foreach (var d in k.Disks)
        {
            await output.WriteLineAsync($"  disk {d.Device}: read {Format.Bytes(d.ReadBytes)} ({d.ReadOperations} ops), written {Format.Bytes(d.WrittenBytes)} ({d.WriteOperations} ops)").ConfigureAwait(false);
        }

        foreach (var n in k.Nics)
        {
            await output.WriteLineAsync($"  nic {n.NicId}: received {Format.Bytes(n.ReceivedBytes)} ({n.ReceivedPackets} packets), sent {Format.Bytes(n.TransmittedBytes)} ({n.TransmittedPackets} packets)").ConfigureAwait(false);
        }
    }
}
