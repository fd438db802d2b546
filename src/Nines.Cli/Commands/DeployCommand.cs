using System.CommandLine;
using Nines.Api.Contracts;
using Nines.Cli.Input;
using Nines.Cli.Output;
using Nines.Cli.Progress;
using Nines.Cli.Remote;
using Nines.Contracts.Model;
using Nines.Domain.Diagnostics;
using Nines.Embedded;

namespace Nines.Cli.Commands;

/// <summary>
/// <c>nines deploy FILE</c>: sends the scenario to the controller (starting the embedded one when none is configured
/// or answering), follows the deploy operation with live progress per VM, then shows how to reach the VMs.
/// </summary>
internal static class DeployCommand
{
    public static Command Create(CliContext context)
    {
        var (command, remote) = RemoteOptions.Command("deploy", "Deploy a scenario (VNUML, native YAML or OVF) and follow it until every VM runs");
        var file = new Argument<string>("file") { Description = "Scenario file" };
        var name = new Option<string?>("--name") { Description = "Deployment name (default: the file's name without extension)" };
        var algorithm = new Option<string?>("--algorithm") { Description = "Partitioning algorithm (default: the cluster's)" };
        var restrictions = new Option<string?>("--restrictions") { Description = "EDIV deployment restrictions file" };
        var configuration = new Option<string?>("--configuration") { Description = "OVF deployment option" };
        var noWait = new Option<bool>("--no-wait") { Description = "Return once the controller accepted the deployment" };
        command.Arguments.Add(file);
        command.Options.Add(name);
        command.Options.Add(algorithm);
        command.Options.Add(restrictions);
        command.Options.Add(configuration);
        command.Options.Add(noWait);
        command.SetAction((parse, cancellationToken) => RunAsync(
            context,
            remote.Read(parse),
            new DeployArguments(parse.GetValue(file)!, parse.GetValue(name), parse.GetValue(algorithm), parse.GetValue(restrictions), parse.GetValue(configuration), parse.GetValue(noWait)),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, RemoteArguments remote, DeployArguments args, CancellationToken cancellationToken)
    {
        var diagnostics = new DiagnosticBag();
        var scenario = InputFile.ReadText(args.File, diagnostics);
        var restrictions = args.Restrictions is null ? null : InputFile.ReadText(args.Restrictions, diagnostics);
        if (diagnostics.HasErrors || scenario is null)
        {
            DiagnosticPrinter.Print(context.Error, diagnostics.ToSortedList());
            return ExitCodes.ForFailure(diagnostics.Items);
        }

        var name = args.Name ?? EmbeddedHost.DeploymentName(Path.GetFileNameWithoutExtension(args.File));
        return await RemoteCommand.RunAsync(context, "deploy", remote, autoStart: true, async connection =>
        {
            var client = connection.Client;
            var request = new DeployRequest(scenario, null, args.File, args.Algorithm, restrictions, args.Configuration);
            var accepted = await ExistsAsync(client, name, cancellationToken).ConfigureAwait(false)
                ? await client.PutDeploymentAsync(name, request, cancellationToken).ConfigureAwait(false)
                : await client.DeployAsync(request with { Name = name }, cancellationToken).ConfigureAwait(false);
            foreach (var warning in accepted.Value.Warnings)
            {
                await context.Error.WriteLineAsync(warning).ConfigureAwait(false);
            }

            if (args.NoWait)
            {
                await (remote.Json
                    ? JsonOutput.WriteAsync(context.Out, accepted.Json)
                    : context.Out.WriteLineAsync($"deployment {accepted.Value.Tenant}/{accepted.Value.Deployment} generation {accepted.Value.Generation}: operation {accepted.Value.OperationId} (follow: nines operations {accepted.Value.OperationId})")).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            var progress = remote.Json ? context.Error : context.Out;
            var operation = await OperationWatcher.WatchAsync(context, client, accepted.Value.OperationId, progress, cancellationToken).ConfigureAwait(false);
            if (remote.Json)
            {
                await JsonOutput.WriteAsync(context.Out, (await client.GetOperationAsync(operation.Id, cancellationToken).ConfigureAwait(false)).Json).ConfigureAwait(false);
            }

            if (operation.State != OperationState.COMPLETED)
            {
                await context.Error.WriteLineAsync($"nines deploy: {name}: {operation.State}: {operation.Error ?? "(no error recorded)"}").ConfigureAwait(false);
                return ExitCodes.OperationFailed;
            }

            if (!remote.Json)
            {
                var vms = (await client.ListVmsAsync(name, cancellationToken).ConfigureAwait(false)).Value;
                await ReachReport.WriteAsync(context.Out, name, scenario, args.File, args.Configuration, vms, connection.Info).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        }, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<bool> ExistsAsync(NinesApiClient client, string name, CancellationToken cancellationToken)
    {
        try
        {
            await client.GetDeploymentAsync(name, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (NinesApiException e) when (e.StatusCode == 404)
        {
            return false;
        }
    }

    private sealed record DeployArguments(string File, string? Name, string? Algorithm, string? Restrictions, string? Configuration, bool NoWait);
}
