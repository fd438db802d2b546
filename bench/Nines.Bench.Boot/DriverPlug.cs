using Nines.Drivers;
using Nines.Drivers.Fake;

namespace Nines.Bench.Boot;

/// <summary>
/// THE PLUG POINT: the only place that knows which driver the benchmark measures and how that driver builds its
/// QEMU command line. Everything else works on the <see cref="IVmDriver"/> contract.
/// </summary>
/// <remarks>
/// To plug the QEMU driver once it is merged:
/// <list type="number">
/// <item>In <see cref="CreateDriverAsync"/>, return <c>await QemuDriverFactory.CreateAsync(new QemuDriverOptions { … accelerator … }, ct)</c>
/// for <c>qemu</c>.</item>
/// <item>In <see cref="RawLaunchFor"/>, return the driver's own command line for the definition (so the raw half runs
/// exactly the driver's QEMU arguments), with its console log path; <see cref="RawQemuCommandLine"/> is only the
/// stand-in until then.</item>
/// </list>
/// </remarks>
internal static class DriverPlug
{
    public static Task<IVmDriver> CreateDriverAsync(BenchSettings settings, string accelerator, CancellationToken cancellationToken)
    {
        _ = accelerator;
        cancellationToken.ThrowIfCancellationRequested();
        return settings.Driver switch
        {
            // Fake guests are ready at once: this checks the benchmark's own plumbing, its figures mean nothing.
            "fake" => Task.FromResult<IVmDriver>(new FakeDriver(TimeProvider.System)),
            _ => throw new NotSupportedException(
                "the QEMU driver is not plugged into the benchmark yet (see bench/Nines.Bench.Boot/DriverPlug.cs); run with --driver fake to check the benchmark itself"),
        };
    }

    /// <summary>The QEMU arguments (without the program) and console log for <paramref name="definition"/>, as the driver would launch it.</summary>
    public static RawLaunch RawLaunchFor(VmDefinition definition, string accelerator) =>
        RawQemuCommandLine.Build(definition, accelerator);
}

/// <summary>One raw QEMU launch: its arguments and the console log the ready marker appears in.</summary>
internal sealed record RawLaunch(IReadOnlyList<string> Arguments, string ConsoleLogPath);
