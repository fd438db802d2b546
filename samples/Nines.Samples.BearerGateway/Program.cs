using System.Net;
using System.Runtime.InteropServices;
using Nines.Samples.BearerGateway;

// nines-bearer-gateway --control PATH --server ADDR:PORT [--ue-side ADDR:PORT] [--server-side ADDR:PORT] [--frozen]
var values = new Dictionary<string, string>(StringComparer.Ordinal);
var flags = new HashSet<string>(StringComparer.Ordinal);
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--frozen")
    {
        flags.Add("frozen");
    }
    else if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length)
    {
        values[args[i][2..]] = args[++i];
    }
    else
    {
        return Usage($"argument {i + 1} ('{args[i]}'): expected --name value or --frozen");
    }
}

string[] known = ["control", "server", "ue-side", "server-side"];
var problems = values.Keys.Where(k => !known.Contains(k)).Select(k => $"--{k}: unknown option")
    .Concat(new[] { "control", "server" }.Where(k => !values.ContainsKey(k)).Select(k => $"--{k}: required"))
    .ToList();
var endpoints = new Dictionary<string, IPEndPoint>(StringComparer.Ordinal);
foreach (var (name, fallback) in new[] { ("server", string.Empty), ("ue-side", "0.0.0.0:2152"), ("server-side", "0.0.0.0:2153") })
{
    var text = values.GetValueOrDefault(name, fallback);
    if (text.Length == 0)
    {
        continue;
    }

    if (IPEndPoint.TryParse(text, out var endpoint) && endpoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
    {
        endpoints[name] = endpoint;
    }
    else
    {
        problems.Add($"--{name}: '{text}' is not an IPv4 ADDRESS:PORT");
    }
}

if (problems.Count > 0)
{
    return Usage(string.Join("; ", problems));
}

StateWarmUp.Run();
var options = new GatewayOptions(endpoints["ue-side"], endpoints["server-side"], endpoints["server"], values["control"], flags.Contains("frozen"));
var gateway = new GatewayService(options, TimeProvider.System);
await using (gateway.ConfigureAwait(false))
{
    var control = new ControlEndpoint(options.ControlPath, gateway);
    await using (control.ConfigureAwait(false))
    {
        gateway.Start();
        Console.WriteLine($"listening on ue side {gateway.UeSide}, server side {gateway.ServerSide}, control {options.ControlPath} ({(options.StartFrozen ? "frozen, waiting for a state" : "serving")}; {RuntimeInformation.ProcessArchitecture})");
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
            // SIGTERM or Ctrl+C.
        }
    }
}

return 0;

static int Usage(string problem)
{
    Console.Error.WriteLine($"nines-bearer-gateway: {problem}");
    Console.Error.WriteLine("usage: nines-bearer-gateway --control PATH --server ADDR:PORT [--ue-side ADDR:PORT] [--server-side ADDR:PORT] [--frozen]");
    return 2;
}
