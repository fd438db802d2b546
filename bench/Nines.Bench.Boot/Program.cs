using System.Globalization;
using Nines.Bench.Boot;
using Nines.Bench.Raw;
using Nines.Drivers;
using Nines.Images;

// Boots N guests to guest-agent-ready through the driver, then the same QEMU command lines raw from a bash script,
// and prints both times and their ratio (target: driver/raw <= 1.10). See bench/README.md.
if (BenchSettings.Parse(args, Console.Error) is not { } settings)
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

var image = GuestImageBuilder.TryOpen();
if (image is null)
{
    Console.WriteLine("guest image missing: building it (apt-get download, a few minutes the first time)");
    image = await new GuestImageBuilder(TimeProvider.System).BuildAsync(new GuestImageOptions(), new Progress<string>(Console.WriteLine), ct);
}

Console.WriteLine($"guest image: {image.Directory} (kernel {image.KernelVersion}, hash {image.ContentHash[..12]})");
Directory.CreateDirectory(settings.WorkDirectory);

VmDefinition Guest(string round, int index) => new(
    $"bench-{round}-{index}",
    $"bench{index}",
    settings.MemoryMiB,
    1,
    new BootSource(image.KernelPath, image.InitrdPath, image.KernelCommandLine),
    RunDirectory: Path.Combine(settings.WorkDirectory, round, index.ToString(CultureInfo.InvariantCulture)));

var accelerator = settings.Driver == "fake" ? "tcg" : await DriverPlug.ChooseAcceleratorAsync(settings, image, Console.Out, ct);
await using var driver = await DriverPlug.CreateDriverAsync(settings, accelerator, ct);
Console.WriteLine($"driver: {driver.Name}; boot concurrency {settings.BootConcurrency}; {settings.MemoryMiB} MiB per guest; work directory {settings.WorkDirectory}");
if (driver.Name == "fake")
{
    Console.WriteLine("note: the fake driver's guests are ready at once; only the raw figures are real");
}

var rows = new List<string>();
foreach (var count in settings.Counts)
{
    var definitions = Enumerable.Range(0, count).Select(i => Guest($"driver-{count}", i)).ToList();
    var (driverTime, driverAccelerator) = await DriverBootRound.RunAsync(driver, definitions, settings, ct);
    if (driverAccelerator is not null && driverAccelerator != "fake" && driverAccelerator != accelerator)
    {
        Console.WriteLine($"the driver used {driverAccelerator}, not {accelerator}: the raw half follows the driver");
        accelerator = driverAccelerator;
    }

    var launches = Enumerable.Range(0, count).Select(i => DriverPlug.RawLaunchFor(Guest($"raw-{count}", i), accelerator)).ToList();
    var rawTime = await RawBootRound.RunAsync(launches, Path.Combine(settings.WorkDirectory, $"raw-{count}"), settings.BootConcurrency, settings.ReadyTimeout, ct);
    var row = BootReport.Row(count, driverTime, rawTime, driverAccelerator ?? "?", accelerator);
    rows.Add(row);
    Console.WriteLine(row);
}

Console.WriteLine();
Console.WriteLine(BootReport.Header);
rows.ForEach(Console.WriteLine);
Console.WriteLine("target: driver/raw <= 1.10 (VNUML needed 282 s for a 51-VM scenario on one host)");
return 0;
