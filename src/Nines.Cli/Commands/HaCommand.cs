using System.CommandLine;
using Nines.Api.Endpoints;
using Nines.Cli.Output;

namespace Nines.Cli.Commands;

/// <summary>
/// <c>nines ha status NAME</c>: every redundancy group of a deployment with each unit's HA state per service instance;
/// <c>nines ha switchover NAME GROUP [--instance I]</c>: a graceful, administrative switchover.
/// </summary>
internal static class HaCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("ha", "Availability: redundancy groups, HA states, switchover");
        command.Subcommands.Add(CreateStatus(context));
        command.Subcommands.Add(CreateSwitchover(context));
        return command;
    }

    private static Command CreateStatus(CliContext context)
    {
        var (command, remote) = RemoteOptions.Command("status", "Show a deployment's redundancy groups and each unit's HA state");
        var name = new Argument<string>("name") { Description = "The deployment" };
        command.Arguments.Add(name);
        command.SetAction((parse, cancellationToken) =>
        {
            var arguments = remote.Read(parse);
            return RemoteCommand.RunAsync(context, "ha status", arguments, autoStart: false, async connection =>
            {
                var groups = await connection.Client.ListRedundancyGroupsAsync(parse.GetValue(name)!, cancellationToken).ConfigureAwait(false);
                if (arguments.Json)
                {
                    await JsonOutput.WriteAsync(context.Out, groups.Json).ConfigureAwait(false);
                    return ExitCodes.Ok;
                }

                TextTable.Write(context.Out, ["GROUP", "MODEL", "UNIT", "HOST", "PRESENCE", "HA STATE", "EPOCH"], groups.Value.SelectMany(Rows));
                return ExitCodes.Ok;
            }, cancellationToken);
        });
        return command;
    }

    private static Command CreateSwitchover(CliContext context)
    {
        var (command, remote) = RemoteOptions.Command("switchover", "Hand a group's service instance over from its active to its standby, gracefully (no request lost)");
        var name = new Argument<string>("name") { Description = "The deployment" };
        var group = new Argument<string>("group") { Description = "The redundancy group" };
        var instance = new Option<string?>("--instance") { Description = "The service instance (default: the group's first)" };
        command.Arguments.Add(name);
        command.Arguments.Add(group);
        command.Options.Add(instance);
        command.SetAction((parse, cancellationToken) =>
        {
            var arguments = remote.Read(parse);
            return RemoteCommand.RunAsync(context, "ha switchover", arguments, autoStart: false, async connection =>
            {
                var accepted = await connection.Client.SwitchoverAsync(parse.GetValue(name)!, parse.GetValue(group)!, parse.GetValue(instance), cancellationToken).ConfigureAwait(false);
                if (arguments.Json)
                {
                    await JsonOutput.WriteAsync(context.Out, accepted.Json).ConfigureAwait(false);
                    return ExitCodes.Ok;
                }

                await context.Out.WriteLineAsync($"switchover of {accepted.Value.Instance} started: {string.Join("; ", accepted.Value.Transitions)}").ConfigureAwait(false);
                return ExitCodes.Ok;
            }, cancellationToken);
        });
        return command;
    }

    private static IEnumerable<IReadOnlyList<string>> Rows(RedundancyGroupView group) =>
        group.Units.Select(u => (IReadOnlyList<string>)
        [
            group.Name,
            group.Model,
            u.Name,
            u.Host ?? "-",
            u.Presence is null ? "-" : $"{u.Presence}/{u.Operational}",
            u.Instances.Count == 0 ? "unassigned" : string.Join(", ", u.Instances.Select(i => $"{i.State} ({i.Instance})")),
            u.Epoch.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ]);
}
