namespace Nines.Drivers.Qemu;

/// <summary>The accelerator chosen for this host, why, whether it came from the cache, and how long the probe took.</summary>
public sealed record AcceleratorVerdict(string Accelerator, string Reason, bool FromCache, TimeSpan ProbeDuration);
