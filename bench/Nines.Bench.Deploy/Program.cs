using Nines.Bench.Deploy;
using Nines.Bench.Raw;
using Nines.Domain;
using Nines.Scenarios;
using Nines.Scenarios.Native;

// Deploys the 51-VM scenario through the embedded control plane, then launches the same QEMU command lines raw from a
// bash script, and prints both times to all-guests-ready, their ratio (target <= 1.15) and the controller's memory.
// See bench/README.md.
if (DeploySettings.Parse(args, Console.Error) is not { } settings)
{
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
var ct = cancel.Token;

var parsed = ScenarioReader.Read(await File.ReadAllTextAsync(settings.Fixture, ct), settings.Fixture);
if (!parsed.Succeeded)
{
    Console.Error.WriteLine(string.Join('\n', parsed.Errors));
    return 1;
}

var scenario = parsed.Value!.Scenario;
if (settings.Vms is { } wanted && wanted < scenario.Vms.Count)
{
    scenario = scenario with { Vms = ValueList.From(scenario.Vms.Take(wanted)) };
}

var vmNames = scenario.Vms.Select(v => v.Name).ToList();
Console.WriteLine($"scenario: {settings.Fixture}: {vmNames.Count} VMs on {scenario.Networks.Count} networks; boot concurrency {settings.BootConcurrency}; work directory {settings.WorkDirectory}");
Directory.CreateDirectory(settings.WorkDirectory);
await using var ns = await BenchNamespace.CreateAsync(ct);
try
{
    Console.WriteLine($"deploy half: embedded control plane in namespace {ns.Name}");
    var deploy = await DeployRound.RunAsync(NativeScenarioWriter.Write(scenario), vmNames, ns, settings, Console.Out, ct);
    Console.WriteLine($"all ready after {deploy.AllReady.TotalSeconds:F1} s; undeployed in {deploy.Undeploy.TotalSeconds:F1} s");

    Console.WriteLine($"raw half: the same {deploy.Launches.Count} QEMU command lines from a bash script, {settings.BootConcurrency} booting at once");
    var raw = await RawBootRound.RunAsync(deploy.Launches, Path.Combine(settings.WorkDirectory, "raw"), settings.BootConcurrency, settings.Timeout, ct);
    Console.WriteLine($"all ready after {raw.TotalSeconds:F1} s");

    Console.WriteLine();
    var report = DeployReport.Lines(vmNames.Count, scenario.Networks.Count, deploy, raw);
    report.ForEach(Console.WriteLine);
    return deploy.AllReady / raw <= DeployReport.Target ? 0 : 1;
}
finally
{
    if (!settings.Keep)
    {
        Directory.Delete(settings.WorkDirectory, recursive: true);
    }
}
