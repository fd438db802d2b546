using System.CommandLine;
using Nines.Api.Contracts;
using Nines.Cli.Output;
using Nines.Controller.LiveMigration;

namespace Nines.Cli.Commands;

/// <summary>
/// <c>nines host drain|undrain HOST</c>: empty a host for maintenance (live migration where possible), and back;
/// <c>nines host join-token HOST</c>: a one-time token for a new host's agent to get its certificate with;
/// <c>nines host upgrade HOST... --hook CMD</c>: a hypervisor upgrade, host by host.
/// </summary>
internal static partial class HostCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("host", "Drain a host (unschedulable, its VMs moved away) or make it schedulable again; upgrade hosts host by host; mint a join token for a new host");
        command.Subcommands.Add(CreateDrain(context));
        command.Subcommands.Add(CreateUndrain(context));
        command.Subcommands.Add(CreateJoinToken(context));
        command.Subcommands.Add(CreateUpgrade(context));
        return command;
    }

    private static Command CreateJoinToken(CliContext context)
    {
        var (command, remote) = RemoteOptions.Command("join-token", "Mint a one-time token with which the agent of HOST gets its certificate (nines agent --host HOST --join TOKEN); admin only");
        var host = new Argument<string>("host") { Description = "The host name the agent will register as (its certificate names it)" };
        var expires = new Option<string?>("--expires") { Description = "How long the token works: 30m, 12h, 7d at most (default 1h)" };
        command.Arguments.Add(host);
        command.Options.Add(expires);
        command.SetAction((parse, cancellationToken) =>
        {
            var arguments = remote.Read(parse);
            return RemoteCommand.RunAsync(context, "host join-token", arguments, autoStart: false, async connection =>
            {
                var issued = await connection.Client.CreateJoinTokenAsync(parse.GetValue(host)!, parse.GetValue(expires), cancellationToken).ConfigureAwait(false);
                if (arguments.Json)
                {
                    await JsonOutput.WriteAsync(context.Out, issued.Json).ConfigureAwait(false);
                    return ExitCodes.Ok;
                }

                await context.Out.WriteLineAsync(issued.Value.Token).ConfigureAwait(false);
                await context.Error.WriteLineAsync($"join token for host {issued.Value.Host}, works once until {issued.Value.ExpiresAt:u}: nines agent --host {issued.Value.Host} --store ... --controller {connection.Client.BaseUrl} --join TOKEN").ConfigureAwait(false);
                return ExitCodes.Ok;
            }, cancellationToken);
        });
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
                    await Task.Delay(TimeSpan.FromMilliseconds(500), context.Time, cancellationToken).ConfigureAwait(false);
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
