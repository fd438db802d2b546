using System.CommandLine;
using Nines.Api.Contracts;
using Nines.Cli.Output;
using Nines.ControlPlane.Migration;

namespace Nines.Cli.Commands;

/// <summary><c>nines host drain|undrain HOST</c>: empty a host for maintenance (live migration where possible), and back.</summary>
internal static class HostCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("host", "Drain a host (unschedulable, its VMs moved away) or make it schedulable again");
        command.Subcommands.Add(CreateDrain(context));
        command.Subcommands.Add(CreateUndrain(context));
        return command;
    }

    private static Command CreateDrain(CliContext context)
    {
        var (command, remote) = RemoteOptions.Command("drain", "Mark HOST unschedulable and move every VM on it to the other hosts (live where the driver can, restarted otherwise)");
        var host = new Argument<string>("host") { Description = "The host to empty (see nines hosts)" };
        var concurrent = new Option<int?>("--max-concurrent") { Description = "VMs moving at once (1-16, default 2)" };
        var noWait = new Option<bool>("--no-wait") { Description = "Return once the drain has started" };
        command.Arguments.Add(host);
        command.Options.Add(concurrent);
        command.Options.Add(noWait);
        command.SetAction((parse, cancellationToken) =>
        {
            var arguments = remote.Read(parse);
            var name = parse.GetValue(host)!;
            return RemoteCommand.RunAsync(context, "host drain", arguments, autoStart: false, async connection =>
            {
                var status = await connection.Client.DrainHostAsync(name, new HostDrainRequest(parse.GetValue(concurrent)), cancellationToken).ConfigureAwait(false);
                var last = (string?)null;
                while (!parse.GetValue(noWait) && !status.Value.Empty && (status.Value.Running || status.Value.Remaining.Count > 0 && status.Value.Failed.Count == 0))
                {
                    last = await PrintAsync(context, status.Value, last, arguments.Json).ConfigureAwait(false);
                    await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false);
                    status = await connection.Client.GetHostDrainAsync(name, cancellationToken).ConfigureAwait(false);
                }

                if (arguments.Json)
                {
                    await JsonOutput.WriteAsync(context.Out, status.Json).ConfigureAwait(false);
                }
                else
                {
                    await PrintAsync(context, status.Value, last, json: false).ConfigureAwait(false);
                    foreach (var line in status.Value.Migrated.Concat(status.Value.Restarted).Concat(status.Value.Failed))
                    {
                        await context.Out.WriteLineAsync($"  {line}").ConfigureAwait(false);
                    }
                }

                return status.Value.Failed.Count == 0 ? ExitCodes.Ok : ExitCodes.OperationFailed;
            }, cancellationToken);
        });
        return command;
    }

    private static Command CreateUndrain(CliContext context)
    {
        var (command, remote) = RemoteOptions.Command("undrain", "Make HOST schedulable again (nothing moves back by itself)");
        var host = new Argument<string>("host") { Description = "The drained host" };
        command.Arguments.Add(host);
        command.SetAction((parse, cancellationToken) =>
        {
            var arguments = remote.Read(parse);
            return RemoteCommand.RunAsync(context, "host undrain", arguments, autoStart: false, async connection =>
            {
                var status = await connection.Client.UndrainHostAsync(parse.GetValue(host)!, cancellationToken).ConfigureAwait(false);
                await (arguments.Json
                    ? JsonOutput.WriteAsync(context.Out, status.Json)
                    : context.Out.WriteLineAsync($"{status.Value.Host}: schedulable")).ConfigureAwait(false);
                return ExitCodes.Ok;
            }, cancellationToken);
        });
        return command;
    }

    private static async Task<string?> PrintAsync(CliContext context, DrainStatus status, string? last, bool json)
    {
        var line = $"{status.Host}: {(status.Drained ? "drained" : "schedulable")}, {status.Remaining.Count} VM(s) left, {status.Migrated.Count} migrated, {status.Restarted.Count} restarted, {status.Failed.Count} failed{(status.Running ? ", moving" : string.Empty)}";
        if (!json && line != last)
        {
            await context.Out.WriteLineAsync(line).ConfigureAwait(false);
        }

        return line;
    }
}
