using System.Runtime.InteropServices;
using Nines.Bench.Soak;

// Nines.Bench.Soak [--minutes 10 | --seconds N] [--seed S] [--system embedded|cluster|both] [--driver fake|qemu] [--work DIR] [--keep]
var options = SoakOptions.Parse(args, Random.Shared.Next(1, 1_000_000), out var errors);
if (errors.Count > 0)
{
    foreach (var error in errors)
    {
        Console.Error.WriteLine($"Nines.Bench.Soak: {error}");
    }

    Console.Error.WriteLine(SoakOptions.Usage);
    return 2;
}

// Ctrl-C and SIGTERM end the soak early; everything it started is still torn down before it exits.
using var interrupt = new CancellationTokenSource();
void Interrupt(PosixSignalContext context)
{
    context.Cancel = true;
    Console.Error.WriteLine("Nines.Bench.Soak: interrupted, cleaning up…");
    interrupt.Cancel();
}

using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupt);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupt);
Console.WriteLine($"Nines.Bench.Soak: seed {options.Seed}, {options.Duration.TotalSeconds:0} s, system {string.Join("+", options.Systems)}, driver {options.Driver}, work {options.WorkRoot}");
var reports = await SoakRun.RunAsync(options, Console.Out, interrupt.Token);
foreach (var report in reports)
{
    Console.WriteLine();
    Console.Write(report.Print());
}

return reports.All(r => r.Failures.Count == 0) ? 0 : 1;
