namespace Nines.Controller.Quotas;

/// <summary>
/// The limits of a tenant without a quota record: generous for a lab (the README's examples and the test scenarios fit
/// many times over) but finite, so one tenant cannot take a host or the VLAN pool.
/// </summary>
public static class QuotaDefaults
{
    public const int Vms = 64;
    public const int Vcpus = 128;
    public const long MemoryMiB = 256L * 1024;
    public const int Deployments = 32;
    public const int Vlans = 64;
    public const long ImageBytes = 50L * 1024 * 1024 * 1024;

    /// <summary>The largest value any count limit may be set to (a sanity bound, not a policy).</summary>
    public const int MaxCount = 1_000_000;

    /// <summary>The largest memory limit that may be set: 1 PiB in MiB.</summary>
    public const long MaxMemoryMiB = 1L << 30;

    /// <summary>The largest image-bytes limit that may be set: 1 PiB.</summary>
    public const long MaxImageBytes = 1L << 50;
}
