using System.CommandLine;
using Nines.Cli.Output;
using Nines.Cli.Progress;
using Nines.Contracts.Model;

namespace Nines.Cli.Commands;

/// <summary><c>nines undeploy NAME</c>: removes every VM and network of a deployment, with progress per VM.</summary>
internal static class UndeployCommand
{
    public static Command Create(CliContext context)
    {
        var (command, remote) = RemoteOptions.Command("undeploy", "Remove a deployment's VMs and networks");
        var name = new Argument<string>("name") { Description = "The deployment" };
        var noWait = new Option<bool>("--no-wait") { Description = "Return once the controller accepted the undeploy" };
        command.Arguments.Add(name);
        command.Options.Add(noWait);
        command.SetAction((parse, cancellationToken) =>
        {
            var arguments = remote.Read(parse);
            var deployment = parse.GetValue(name)!;
            return RemoteCommand.RunAsync(context, "undeploy", arguments, autoStart: false, async connection =>
            {
                var accepted = await connection.Client.UndeployAsync(deployment, cancellationToken).ConfigureAwait(false);
                if (parse.GetValue(noWait))
                {
                    await (arguments.Json
                        ? JsonOutput.WriteAsync(context.Out, accepted.Json)
                        : context.Out.WriteLineAsync($"undeploying {accepted.Value.Tenant}/{deployment}: operation {accepted.Value.OperationId}")).ConfigureAwait(false);
                    return ExitCodes.Ok;
                }

                var operation = await OperationWatcher.WatchAsync(context, connection.Client, accepted.Value.OperationId, arguments.Json ? context.Error : context.Out, cancellationToken).ConfigureAwait(false);
                if (arguments.Json)
                {
                    await JsonOutput.WriteAsync(context.Out, (await connection.Client.GetOperationAsync(operation.Id, cancellationToken).ConfigureAwait(false)).Json).ConfigureAwait(false);
                }

                if (operation.State != OperationState.COMPLETED)
                {
                    await context.Error.WriteLineAsync($"nines undeploy: {deployment}: {operation.State}: {operation.Error ?? "(no error recorded)"}").ConfigureAwait(false);
                    return ExitCodes.OperationFailed;
                }

                if (!arguments.Json)
                {
                    await context.Out.WriteLineAsync($"undeployed {accepted.Value.Tenant}/{deployment}: its VMs and networks are gone").ConfigureAwait(false);
                }

                return ExitCodes.Ok;
            }, cancellationToken);
        });
        return command;
    }
}
