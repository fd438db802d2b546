using System.CommandLine;
using System.Globalization;
using Nines.Api.Contracts;
using Nines.Cli.Input;
using Nines.Cli.Output;

namespace Nines.Cli.Commands;

/// <summary><c>nines tenant quota set|show</c>: a tenant's limits (set by an admin) and what it uses beside them.</summary>
internal static class TenantCommand
{
    public static Command Create(CliContext context)
    {
        var quota = new Command("quota", "Show or set a tenant's quota (VMs, vCPUs, memory, deployments, VLANs, image bytes, SCHED_FIFO)");
        quota.Subcommands.Add(CreateSet(context));
        quota.Subcommands.Add(CreateShow(context));
        var command = new Command("tenant", "Tenants' quotas");
        command.Subcommands.Add(quota);
        return command;
    }

    private static Command CreateSet(CliContext context)
    {
        var (command, remote) = RemoteOptions.Command("set", "Set some of a tenant's limits (admin); the others keep their values");
        var tenant = new Argument<string>("tenant") { Description = "The tenant" };
        var vms = new Option<int?>("--vms") { Description = "VMs over all its deployments (default 64)" };
        var vcpus = new Option<int?>("--vcpus") { Description = "vCPUs over all its deployments (default 128)" };
        var memory = new Option<string?>("--memory") { Description = "Memory over all its deployments, such as 64GiB (a bare number is MiB; default 256GiB)" };
        var deployments = new Option<int?>("--deployments") { Description = "Deployments (default 32)" };
        var vlans = new Option<int?>("--vlans") { Description = "Networks, each a possible cross-host VLAN (default 64)" };
        var imageBytes = new Option<string?>("--image-bytes") { Description = "Size of its image library, such as 20GiB (a bare number is bytes; default 50GiB)" };
        var schedFifo = new Option<string?>("--sched-fifo") { Description = "allow or deny SCHED_FIFO (qos realtime_priority); default: only for deploys with an admin token" };
        schedFifo.AcceptOnlyFromAmong("allow", "deny");
        command.Arguments.Add(tenant);
        foreach (var option in new Option[] { vms, vcpus, memory, deployments, vlans, imageBytes, schedFifo })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var errors = new List<string>();
            long? memoryMiB = null;
            if (parse.GetValue(memory) is { } memoryText)
            {
                var memoryBytes = SizeArgument.Parse(memoryText, 1L << 20, out var memoryError);
                memoryMiB = memoryBytes is { } b && b % (1L << 20) == 0 ? b >> 20 : null;
                if (memoryMiB is null)
                {
                    errors.Add($"--memory: {(memoryBytes is null ? memoryError : $"\"{memoryText}\" is not a whole number of MiB")}");
                }
            }

            long? bytes = null;
            if (parse.GetValue(imageBytes) is { } bytesText)
            {
                bytes = SizeArgument.Parse(bytesText, 1, out var bytesError);
                if (bytes is null)
                {
                    errors.Add($"--image-bytes: {bytesError}");
                }
            }

            if (errors.Count > 0)
            {
                foreach (var error in errors)
                {
                    await context.Error.WriteLineAsync($"nines tenant quota set: {error}").ConfigureAwait(false);
                }

                return ExitCodes.Usage;
            }

            var request = new QuotaRequest(
                parse.GetValue(vms), parse.GetValue(vcpus), memoryMiB, parse.GetValue(deployments), parse.GetValue(vlans), bytes, parse.GetValue(schedFifo) switch { "allow" => true, "deny" => false, _ => null });
            var arguments = remote.Read(parse);
            return await RemoteCommand.RunAsync(context, "tenant quota set", arguments, autoStart: false, async connection =>
            {
                var view = await connection.Client.SetQuotaAsync(parse.GetValue(tenant)!, request, cancellationToken).ConfigureAwait(false);
                await WriteAsync(context, arguments, view).ConfigureAwait(false);
                return ExitCodes.Ok;
            }, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static Command CreateShow(CliContext context)
    {
        var (command, remote) = RemoteOptions.Command("show", "Show a tenant's limits and usage (default: the token's own tenant)");
        var tenant = new Argument<string?>("tenant") { Description = "The tenant (an admin may name any)", Arity = ArgumentArity.ZeroOrOne };
        command.Arguments.Add(tenant);
        command.SetAction((parse, cancellationToken) =>
        {
            var arguments = remote.Read(parse);
            return RemoteCommand.RunAsync(context, "tenant quota show", arguments, autoStart: false, async connection =>
            {
                var view = await connection.Client.GetQuotaAsync(parse.GetValue(tenant), cancellationToken).ConfigureAwait(false);
                await WriteAsync(context, arguments, view).ConfigureAwait(false);
                return ExitCodes.Ok;
            }, cancellationToken);
        });
        return command;
    }

    private static async Task WriteAsync(CliContext context, RemoteArguments arguments, Remote.ApiResult<QuotaView> view)
    {
        if (arguments.Json)
        {
            await JsonOutput.WriteAsync(context.Out, view.Json).ConfigureAwait(false);
            return;
        }

        var (limits, usage, set) = (view.Value.Limits, view.Value.Usage, view.Value.Set);
        await context.Out.WriteLineAsync($"tenant {view.Value.Tenant}").ConfigureAwait(false);
        TextTable.Write(context.Out, ["RESOURCE", "USED", "LIMIT", "SET"],
        [
            Row("vms", N(usage.Vms), N(limits.Vms), set.Vms is not null),
            Row("vcpus", N(usage.Vcpus), N(limits.Vcpus), set.Vcpus is not null),
            Row("memory", Format.Bytes(usage.MemoryMiB << 20), Format.Bytes(limits.MemoryMiB << 20), set.MemoryMiB is not null),
            Row("deployments", N(usage.Deployments), N(limits.Deployments), set.Deployments is not null),
            Row("vlans", N(usage.Vlans), N(limits.Vlans), set.Vlans is not null),
            Row("image-bytes", Format.Bytes(usage.ImageBytes), Format.Bytes(limits.ImageBytes), set.ImageBytes is not null),
            Row("sched-fifo", "-", view.Value.SchedFifo, set.SchedFifo is not null),
        ]);
    }

    private static IReadOnlyList<string> Row(string name, string used, string limit, bool set) => [name, used, limit, set ? "yes" : "default"];

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);
}
