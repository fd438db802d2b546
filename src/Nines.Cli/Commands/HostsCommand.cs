using System.CommandLine;
using System.Globalization;
using Nines.Cli.Output;

namespace Nines.Cli.Commands;

/// <summary><c>nines hosts</c>: the registered (heartbeating) hosts.</summary>
internal static class HostsCommand
{
    public static Command Create(CliContext context)
    {
        var (command, remote) = RemoteOptions.Command("hosts", "List the hosts whose agents are registered");
        command.SetAction((parse, cancellationToken) =>
        {
            var arguments = remote.Read(parse);
            return RemoteCommand.RunAsync(context, "hosts", arguments, autoStart: false, async connection =>
            {
                var hosts = await connection.Client.ListHostsAsync(cancellationToken).ConfigureAwait(false);
                if (arguments.Json)
                {
                    await JsonOutput.WriteAsync(context.Out, hosts.Json).ConfigureAwait(false);
                    return ExitCodes.Ok;
                }

                var c = CultureInfo.InvariantCulture;
                TextTable.Write(context.Out, ["HOST", "AGENT", "MEMORY", "VCPUS", "LOAD", "HEARTBEAT", "VERSIONS"], hosts.Value.Select(h => (IReadOnlyList<string>)
                [
                    h.Name,
                    h.AgentUrl,
                    h.MemoryMiB == 0 ? "unlimited" : $"{h.MemoryMiB} MiB",
                    h.Vcpus?.ToString(c) ?? "unlimited",
                    h.Load.ToString("0.00", c),
                    h.LastHeartbeat.ToString("u", c),
                    h.Versions is { } v ? $"agent {v.Agent}, QEMU {v.Qemu ?? "none"}, kernel {v.Kernel}" : "-",
                ]));
                return ExitCodes.Ok;
            }, cancellationToken);
        });
        return command;
    }
}
