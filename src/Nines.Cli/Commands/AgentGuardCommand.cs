using System.CommandLine;
using Microsoft.Extensions.Logging;
using Nines.Agent.Guard;
using Nines.Cli.Hosting;

namespace Nines.Cli.Commands;

/// <summary>
/// <c>nines agent-guard</c>: the host's fence guard (<see cref="FenceGuard"/>), started by <c>nines agent</c> (and by it
/// again when it dies) and running apart from it until SIGTERM: it renews the agent's registration lease, restarts a
/// dead agent, replaces a hung one, and kills the host's VM processes before the lease can expire when the store is
/// unreachable. Not meant to be run by hand.
/// </summary>
internal static class AgentGuardCommand
{
    public static Command Create(CliContext context)
    {
        var host = new Option<string>("--host") { Description = "The host name the agent registers as", Required = true };
        var store = new Option<string>("--store") { Description = "The cluster's etcd store: etcd://HOST:PORT[,HOST:PORT...]", Required = true };
        var data = new Option<string>("--data") { Description = "The agent's data directory (its fence-link.json, health socket and VMs)", Required = true };
        var command = new Command("agent-guard", "The fence guard of a host's agent (started by nines agent; keeps each VM on at most one host)")
        {
            host, store, data,
        };
        command.Hidden = true;
        command.SetAction((parse, cancellationToken) => RunAsync(context, parse.GetValue(host)!, parse.GetValue(store)!, parse.GetValue(data)!, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, string host, string storeUrl, string data, CancellationToken cancellationToken)
    {
        Store.Etcd.EtcdStoreOptions options;
        try
        {
            options = StoreAddress.Parse(storeUrl).StoreOptions();
        }
        catch (ArgumentException e)
        {
            await context.Error.WriteLineAsync($"nines agent-guard: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var directory = Path.GetFullPath(data);
        using var logging = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.TimestampFormat = "HH:mm:ss.fff ").SetMinimumLevel(LogLevel.Information));
        var store = Store.Etcd.EtcdStateStore.Connect(options);
        await using (store.ConfigureAwait(false))
        {
            var guard = new FenceGuard(
                store,
                directory,
                host,
                new FenceGuardOptions(),
                link => DetachedProcess.Start(link.AgentCommand, Path.Combine(directory, AgentLauncher.LogFileName)),
                TimeProvider.System,
                logging.CreateLogger("Nines.Agent.Guard.FenceGuard"));
            try
            {
                await guard.RunAsync(cancellationToken).ConfigureAwait(false);
                return ExitCodes.Ok;
            }
            catch (IOException e)
            {
                await context.Error.WriteLineAsync($"nines agent-guard: {e.Message}").ConfigureAwait(false);
                return ExitCodes.OperationFailed;
            }
        }
    }
}
