using Nines.Domain.Diagnostics;

namespace Nines.Scenarios.Ovf;

/// <summary>
/// Reads an OVF descriptor (OVF 1.x or 2.0 <c>.ovf</c> envelope) into a scenario: each VirtualSystem becomes
/// a VM with its vCPUs, memory, NICs, disks and ProductSection properties, sized for one deployment
/// configuration. Pure: the caller supplies the text and the file name used in diagnostics.
/// </summary>
public static class OvfReader
{
    /// <summary>
    /// Parses <paramref name="text"/>. All problems are reported together, each with its line and column.
    /// </summary>
    /// <param name="configuration">
    /// The DeploymentOptionSection configuration to size the VMs for; null selects the default
    /// (<c>ovf:default="true"</c>, else the first). An id the package does not declare is an error naming the valid ones.
    /// </param>
    public static ParseResult<OvfImport> Read(string text, string file, string? configuration = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(file);
        return new OvfEnvelopeReader(file).Read(text, configuration);
    }
}
