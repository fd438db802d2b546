using System.CommandLine;
using System.Globalization;
using Nines.Cli.Output;
using Nines.Contracts.Model;

namespace Nines.Cli.Commands;

/// <summary><c>nines operations [ID]</c>: deploy, undeploy and exec operations, or one with its per-VM progress.</summary>
internal static class OperationsCommand
{
    public static Command Create(CliContext context)
    {
        var (command, remote) = RemoteOptions.Command("operations", "List operations, or show one with its per-VM progress");
        var id = new Argument<string?>("id") { Description = "An operation id (op-...)", Arity = ArgumentArity.ZeroOrOne };
        command.Arguments.Add(id);
        command.SetAction((parse, cancellationToken) =>
        {
            var arguments = remote.Read(parse);
            var operationId = parse.GetValue(id);
            return RemoteCommand.RunAsync(context, "operations", arguments, autoStart: false, async connection =>
            {
                if (operationId is null)
                {
                    var list = await connection.Client.ListOperationsAsync(cancellationToken).ConfigureAwait(false);
                    if (arguments.Json)
                    {
                        await JsonOutput.WriteAsync(context.Out, list.Json).ConfigureAwait(false);
                    }
                    else
                    {
                        TextTable.Write(context.Out, ["ID", "KIND", "DEPLOYMENT", "STATE", "STARTED", "ERROR"], list.Value.Select(o => (IReadOnlyList<string>)
                            [o.Id, o.Kind.ToString(), $"{o.Tenant}/{o.Deployment}", o.State.ToString(), o.StartedAt.ToString("u", CultureInfo.InvariantCulture), o.Error ?? string.Empty]));
                    }

                    return ExitCodes.Ok;
                }

                var operation = await connection.Client.GetOperationAsync(operationId, cancellationToken).ConfigureAwait(false);
                await (arguments.Json ? JsonOutput.WriteAsync(context.Out, operation.Json) : WriteAsync(context.Out, operation.Value)).ConfigureAwait(false);
                return ExitCodes.Ok;
            }, cancellationToken);
        });
        return command;
    }

    private static async Task WriteAsync(TextWriter output, Operation o)
    {
        await output.WriteLineAsync($"{o.Id}: {o.Kind} {o.Tenant}/{o.Deployment} generation {o.Generation}: {o.State}{(o.Error is null ? string.Empty : $" — {o.Error}")}").ConfigureAwait(false);
        TextTable.Write(output, ["VM", "STEP", "PERCENT", "ERROR"], o.Vms.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => (IReadOnlyList<string>)
            [v.Key, v.Value.Step, $"{v.Value.Percent}%", v.Value.Error ?? string.Empty]));
    }
}
