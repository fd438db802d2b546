namespace Nines.Drivers.Migration;

/// <summary>Where a migration stream goes: the destination listens on it, the source connects to it (TCP).</summary>
/// <param name="Address">An IPv4 address or host name reachable from the source's host.</param>
/// <param name="Port">The TCP port; 0 when asking the destination to choose one.</param>
public sealed record MigrationEndpoint(string Address, int Port)
{
    /// <summary>The QEMU URI: <c>tcp:ADDRESS:PORT</c>.</summary>
    public string Uri => $"tcp:{Address}:{Port}";

    public override string ToString() => $"{Address}:{Port}";
}
