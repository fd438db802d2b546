namespace Nines.Networking.Testbed;

/// <summary>Where a <see cref="NamespaceTestbed"/> keeps its state and what it starts.</summary>
/// <param name="BaseDirectory">
/// Testbeds live in <c>BaseDirectory/&lt;id&gt;</c> (state file, each host's Open vSwitch run directory). The
/// default is under <c>/run</c>: namespaces do not survive a reboot, so neither should their records.
/// </param>
/// <param name="StartOvs">Whether each host gets its own running Open vSwitch instance.</param>
public sealed record NamespaceTestbedOptions(string BaseDirectory = NamespaceTestbedOptions.DefaultBaseDirectory, bool StartOvs = true)
{
    public const string DefaultBaseDirectory = "/run/nines/testbed";

    public static NamespaceTestbedOptions Default { get; } = new();
}
