using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Nines.Api.Contracts;
using Nines.Cli.Output;
using Nines.Cli.Remote;

namespace Nines.Cli.Commands;

/// <summary>
/// <c>nines status [NAME]</c>: the controller's health line (and every loop that is down), then every deployment with
/// its phase, or one with its VMs and a fresh KPI sample each.
/// </summary>
internal static class StatusCommand
{
    public static Command Create(CliContext context)
    {
        var (command, remote) = RemoteOptions.Command("status", "Show the deployments, or one deployment with its VMs and KPIs");
        var name = new Argument<string?>("name") { Description = "A deployment", Arity = ArgumentArity.ZeroOrOne };
        command.Arguments.Add(name);
        command.SetAction((parse, cancellationToken) =>
        {
            var deployment = parse.GetValue(name);
            return RemoteCommand.RunAsync(context, "status", remote.Read(parse), autoStart: false, connection => deployment is null
                ? ListAsync(context, connection.Client, remote.Read(parse), cancellationToken)
                : ShowAsync(context, connection.Client, deployment, remote.Read(parse), cancellationToken), cancellationToken);
        });
        return command;
    }

    private static async Task<int> ListAsync(CliContext context, NinesApiClient client, RemoteArguments remote, CancellationToken cancellationToken)
    {
        var deployments = await client.ListDeploymentsAsync(cancellationToken).ConfigureAwait(false);
        if (remote.Json)
        {
            await JsonOutput.WriteAsync(context.Out, deployments.Json).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        await WriteHealthAsync(context.Out, client, cancellationToken).ConfigureAwait(false);
        if (deployments.Value.Count == 0)
        {
            await context.Out.WriteLineAsync("no deployments (deploy one: nines deploy FILE)").ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        TextTable.Write(context.Out, ["TENANT", "NAME", "SCENARIO", "PHASE", "READY", "GENERATION", "OPERATION"], deployments.Value.Select(d => (IReadOnlyList<string>)
        [
            d.Tenant,
            d.Name,
            d.Scenario,
            d.Deleted ? "Deleting" : d.Status?.Phase.ToString() ?? "Pending",
            d.Status is { } s ? $"{s.Vms.Values.Count(v => v.GuestReady && v.Configured)}/{Math.Max(s.Vms.Count, d.Placements.Count)}" : $"0/{d.Placements.Count}",
            d.Generation.ToString(CultureInfo.InvariantCulture),
            d.OperationId ?? "-",
        ]));
        return ExitCodes.Ok;
    }

    private static async Task<int> ShowAsync(CliContext context, NinesApiClient client, string name, RemoteArguments remote, CancellationToken cancellationToken)
    {
        var deployment = await client.GetDeploymentAsync(name, cancellationToken).ConfigureAwait(false);
        var vms = await client.ListVmsAsync(name, cancellationToken).ConfigureAwait(false);
        var kpis = new Dictionary<string, ApiResult<VmKpisView>>(StringComparer.Ordinal);
        foreach (var vm in vms.Value.Where(v => v.State is not null))
        {
            try
            {
                kpis[vm.Name] = await client.GetKpisAsync(name, vm.Name, cancellationToken).ConfigureAwait(false);
            }
            catch (NinesApiException e) when (e.StatusCode is 404 or 409)
            {
                // Gone or not sampleable right now: shown without figures.
            }
        }

        if (remote.Json)
        {
            var document = new JsonObject
            {
                ["deployment"] = JsonNode.Parse(deployment.Json),
                ["vms"] = JsonNode.Parse(vms.Json),
                ["kpis"] = new JsonObject(kpis.Select(k => KeyValuePair.Create(k.Key, JsonNode.Parse(k.Value.Json)))),
            };
            await JsonOutput.WriteAsync(context.Out, document).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        await WriteHealthAsync(context.Out, client, cancellationToken).ConfigureAwait(false);
        var d = deployment.Value;
        await context.Out.WriteLineAsync($"{d.Tenant}/{d.Name}: scenario \"{d.Scenario}\", generation {d.Generation}, phase {(d.Deleted ? "Deleting" : d.Status?.Phase.ToString() ?? "Pending")}, operation {d.OperationId ?? "-"}").ConfigureAwait(false);
        foreach (var condition in d.Status?.Conditions ?? [])
        {
            await context.Out.WriteLineAsync($"  {condition.Type}: {condition.Reason}: {condition.Message}").ConfigureAwait(false);
        }

        TextTable.Write(context.Out, ["VM", "HOST", "STATE", "READY", "CPU%", "RSS", "UPTIME", "ERROR"], vms.Value.Select(v =>
        {
            var k = kpis.GetValueOrDefault(v.Name)?.Value;
            return (IReadOnlyList<string>)
            [
                v.Name,
                v.Host ?? "-",
                v.State ?? "-",
                v.GuestReady && v.Configured ? "yes" : "no",
                k?.HostCpuPercent is { } cpu ? cpu.ToString("0.0", CultureInfo.InvariantCulture) : "-",
                k?.RssBytes is { } rss ? Format.Bytes(rss) : "-",
                k is null ? "-" : Format.Duration(k.Uptime),
                v.LastError ?? string.Empty,
            ];
        }));
        return ExitCodes.Ok;
    }

    /// <summary>
    /// <c>controller: ok (N loops running)</c>, or <c>controller: degraded</c> and a line per loop that is down (state,
    /// restarts, last failure and when); nothing when the controller does not answer its health route.
    /// </summary>
    internal static async Task WriteHealthAsync(TextWriter output, NinesApiClient client, CancellationToken cancellationToken)
    {
        if (await client.TryHealthAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false) is not { } health)
        {
            return;
        }

        var running = health.Loops.Count(l => l.State == "running");
        await output.WriteLineAsync($"controller: {health.Status} (version {health.Version}, {running} of {health.Loops.Count} loops running)").ConfigureAwait(false);
        foreach (var loop in health.Loops.Where(l => l.State is "restarting" or "failed"))
        {
            var last = loop.LastError is { } error ? $", last error {error}{(loop.LastErrorAt is { } at ? $" at {at.ToUniversalTime():yyyy-MM-dd HH:mm:ss}Z" : string.Empty)}" : string.Empty;
            await output.WriteLineAsync($"  loop {loop.Name}: {loop.State} (restarts {loop.Restarts}{last})").ConfigureAwait(false);
        }
    }
}
