namespace Nines.Networking.Planning;

/// <summary>The name of the network namespace a deployment's host side lives in (<see cref="HostSideMode.Namespace"/>).</summary>
public static class HostSideNamespace
{
    /// <summary>
    /// <c>nd</c> and 12 base32 characters of SHA-256 over the deployment id and the namespace the host's switch runs in
    /// (null: the machine's own), so it fits an interface-name-sized field, is the same on every restart, and two hosts
    /// on one machine (testbed hosts, two controllers in different namespaces) never share one. Anyone who knows both
    /// names (the CLI's deploy hint, <c>nines hostside</c>) finds the namespace without asking the host.
    /// </summary>
    public static string Name(string deploymentId, string? switchNamespace)
    {
        ArgumentException.ThrowIfNullOrEmpty(deploymentId);
        return InterfaceNamer.HostSideNamespace(deploymentId, switchNamespace ?? string.Empty);
    }
}
