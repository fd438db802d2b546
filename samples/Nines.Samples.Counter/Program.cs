using System.Runtime.InteropServices;
using Nines.Samples.Counter;
using Nines.Store.Sqlite;

// nines-counter --store FILE --group G --unit U [--instance I] [--port P] [--address A] [--sync full|normal] [--watch-poll-ms N]
var values = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 0; i < args.Length; i++)
{
    if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
    {
        return Usage($"argument {i + 1} ('{args[i]}'): expected --name value");
    }

    values[args[i][2..]] = args[++i];
}

string[] known = ["store", "group", "unit", "instance", "port", "address", "sync", "watch-poll-ms"];
var unknown = values.Keys.Where(k => !known.Contains(k)).ToList();
var missing = new[] { "store", "group", "unit" }.Where(k => !values.ContainsKey(k)).ToList();
if (unknown.Count > 0 || missing.Count > 0)
{
    return Usage(string.Join("; ", unknown.Select(k => $"--{k}: unknown option").Concat(missing.Select(k => $"--{k}: required"))));
}

if (!int.TryParse(values.GetValueOrDefault("port", "0"), out var port) || port is < 0 or > 65535)
{
    return Usage($"--port: '{values["port"]}' is not a port number");
}

// How often this process looks for the controller's writes to the shared file (its HA state): part of the failover time.
if (!int.TryParse(values.GetValueOrDefault("watch-poll-ms", "100"), out var pollMs) || pollMs is < 1 or > 60_000)
{
    return Usage($"--watch-poll-ms: '{values["watch-poll-ms"]}' is not a number of milliseconds (1-60000)");
}

var sync = values.GetValueOrDefault("sync", "full") switch
{
    "normal" => SqliteSynchronous.Normal,
    _ => SqliteSynchronous.Full,
};
var store = new SqliteStateStore(new SqliteStateStoreOptions { Path = values["store"], Synchronous = sync, WatchPollInterval = TimeSpan.FromMilliseconds(pollMs) });
await using (store.ConfigureAwait(false))
{
    var options = new CounterOptions(values["group"], values["unit"], values.GetValueOrDefault("instance", values["group"]), port, values.GetValueOrDefault("address", "127.0.0.1"));
    var service = new CounterService(store, options, Console.Out);
    await using (service.ConfigureAwait(false))
    {
        await service.StartAsync().ConfigureAwait(false);
        Console.WriteLine($"listening on {options.Address}:{service.Port} as {options.Unit} of {options.Group}/{options.Instance}");
        using var stopped = new CancellationTokenSource();
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stopped.Cancel();
        });
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            context.Cancel = true;
            stopped.Cancel();
        });
        try
        {
            await Task.Delay(Timeout.Infinite, stopped.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // SIGTERM or Ctrl+C: stop.
        }
    }
}

return 0;

static int Usage(string error)
{
    Console.Error.WriteLine($"nines-counter: {error}");
    Console.Error.WriteLine("usage: Nines.Samples.Counter --store FILE --group G --unit U [--instance I] [--port P] [--address A] [--sync full|normal] [--watch-poll-ms N]");
    return 2;
}
