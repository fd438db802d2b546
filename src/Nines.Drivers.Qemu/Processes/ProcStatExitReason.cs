namespace Nines.Drivers.Qemu.Processes;

/// <summary>How a QEMU zombie ended, in the driver's terms.</summary>
internal static class ProcStatExitReason
{
    extension(ProcStat stat)
    {
        /// <summary>The signal that killed the zombie or its exit code; null for a live process or no wait status.</summary>
        public VmExitReason? ExitReason =>
            stat.TermSignal is { } signal ? VmExitReason.KilledBy(signal)
            : stat.ExitCode is { } code ? VmExitReason.ExitedWith(code)
            : null;
    }
}
