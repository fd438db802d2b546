namespace Nines.Drivers.Qemu;

/// <summary>The guest the accelerator probe boots: an uncompressed kernel, its initramfs and command line.</summary>
public sealed record AcceleratorProbeGuest(string KernelPath, string InitrdPath, string KernelCommandLine);
