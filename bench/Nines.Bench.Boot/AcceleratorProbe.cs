using Nines.Drivers;

namespace Nines.Bench.Boot;

/// <summary>
/// Picks the accelerator with a real probe boot: <c>/dev/kvm</c> can exist and still fail Linux guests (KVM-PVM), so
/// KVM is used only when one guest booted with it reaches the ready marker.
/// </summary>
internal static class AcceleratorProbe
{
    public static async Task<string> ChooseAsync(BenchSettings settings, VmDefinition probe, TextWriter log, CancellationToken cancellationToken)
    {
        if (settings.Accelerator != "auto")
        {
            return settings.Accelerator;
        }

        if (!File.Exists("/dev/kvm"))
        {
            log.WriteLine("accelerator: tcg (no /dev/kvm)");
            return "tcg";
        }

        var launch = DriverPlug.RawLaunchFor(probe, "kvm");
        try
        {
            await RawBootRound.RunAsync([launch], Path.Combine(settings.WorkDirectory, "probe"), settings with { ReadyTimeout = TimeSpan.FromSeconds(15) }, cancellationToken);
            log.WriteLine("accelerator: kvm (probe boot reached the ready marker)");
            return "kvm";
        }
        catch (InvalidOperationException e)
        {
            log.WriteLine($"accelerator: tcg (a probe boot with kvm failed: {e.Message})");
            return "tcg";
        }
    }
}
