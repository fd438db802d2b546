using System.Globalization;

namespace Nines.Bench.Deploy;

/// <summary>The figures, as printed at the end.</summary>
internal static class DeployReport
{
    /// <summary>Issue 4's target for deploy time over raw QEMU launches of the same guests.</summary>
    public const double Target = 1.15;

    /// <summary>VNUML's published time for a 51-VM scenario on one host.</summary>
    public const double VnumlSeconds51 = 282;

    public static List<string> Lines(int vms, int networks, DeployResult deploy, TimeSpan raw)
    {
        var ratio = deploy.AllReady / raw;
        var p = deploy.Progress;
        return
        [
            Line($"VMs:                 {vms} on {networks} networks (accelerator {deploy.Accelerator})"),
            Line($"deploy, all ready:   {deploy.AllReady.TotalSeconds:F1} s  ({deploy.AllReady.TotalSeconds / vms:F2} s per VM; first VM ready after {p.FirstReady?.TotalSeconds ?? double.NaN:F1} s)"),
            Line($"raw QEMU, all ready: {raw.TotalSeconds:F1} s  ({raw.TotalSeconds / vms:F2} s per VM)"),
            Line($"deploy / raw:        {ratio:F3}  (target <= {Target:F2}: {(ratio <= Target ? "met" : "NOT met")})"),
            Line($"controller memory:   peak RSS {deploy.PeakRssMiB:F1} MiB, RSS at all-ready {deploy.RssMiB:F1} MiB, managed heap {deploy.ManagedMiB:F1} MiB (QEMU processes not included)"),
            Line($"progress published:  {p.Reports} changes; VMs seen defined {p.SeenAt("defined")}, booting {p.SeenAt("booting")}, configuring {p.SeenAt("configuring")}, ready {p.SeenAt("ready")} of {p.VmCount}; never backwards {p.MonotonicVms}"),
            Line($"undeploy:            {deploy.Undeploy.TotalSeconds:F1} s"),
            Line($"VNUML (published):   {VnumlSeconds51:F0} s for 51 VMs on one host{(vms == 51 ? $" (Nines: {deploy.AllReady.TotalSeconds / VnumlSeconds51:F2}x VNUML's time)" : string.Empty)}"),
        ];
    }

    private static string Line(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
