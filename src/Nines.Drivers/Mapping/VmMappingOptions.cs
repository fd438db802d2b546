namespace Nines.Drivers.Mapping;

/// <summary>
/// What the mapper needs besides the scenario: the guest image to fall back on, where run directories go, and a
/// way to ask whether a file exists (the only host fact mapping needs; validation checks the rest).
/// </summary>
/// <param name="GuestKernelPath">The guest image's kernel (<c>vmlinux</c>), used when a VM's own kernel does not exist.</param>
/// <param name="GuestInitrdPath">The guest image's initramfs.</param>
/// <param name="PathExists">True when a path given in the scenario exists on this host.</param>
/// <param name="RunRoot">Parent of the per-VM run directories; null leaves <see cref="VmDefinition.RunDirectory"/> to the driver.</param>
public sealed record VmMappingOptions(
    string GuestKernelPath,
    string GuestInitrdPath,
    Func<string, bool> PathExists,
    string? RunRoot = null)
{
    /// <summary>The guest image's kernel command line (serial console, no timer check under TCG, reboot on panic).</summary>
    public const string DefaultCommandLine = "console=ttyS0 no_timer_check panic=-1 quiet";

    /// <summary>Memory a VM gets when neither it nor the scenario's defaults say.</summary>
    public long DefaultMemoryMiB { get; init; } = 128;

    /// <summary>vCPUs a VM gets when neither it nor the scenario's defaults say.</summary>
    public int DefaultVcpus { get; init; } = 1;

    /// <summary>Below this the guest image does not boot; smaller VNUML sizes (UML's 64M) are raised to <see cref="DefaultMemoryMiB"/> with a warning.</summary>
    public long GuestImageMinimumMemoryMiB { get; init; } = 96;

    public string CommandLine { get; init; } = DefaultCommandLine;
}
