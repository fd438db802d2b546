namespace Nines.Agent.Hosting;

/// <summary>
/// Which drivers a host's <see cref="HostVmStack"/> runs: the embedded host's (<c>nines up --driver</c>) and an agent's
/// (<c>nines agent --driver</c>). The name is older than the agent; it stayed because the CLI's options use it.
/// </summary>
public enum EmbeddedDriverKind
{
    /// <summary>
    /// Real guests: QEMU (KVM when it works, else TCG) booting the Nines guest image, and real OS-level instances
    /// (<c>type: os</c>) with the container driver.
    /// </summary>
    Qemu,

    /// <summary>The fake driver: pretend VMs in this process (demos, tests); networks are planned but kept in memory.</summary>
    Fake,
}
