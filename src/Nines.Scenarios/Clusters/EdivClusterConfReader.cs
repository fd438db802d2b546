using Nines.Domain.Diagnostics;

namespace Nines.Scenarios.Clusters;

/// <summary>
/// Reads EDIV's <c>cluster.conf</c> unchanged: <c>[vlan] first/last</c>, <c>[cluster]</c> with repeated
/// <c>host =</c> lines, <c>default_segmentation</c> and the management network, and one section per host
/// (<c>host_name</c>, <c>mem</c> in MiB, <c>cpu</c> relative speed in percent, <c>max_vms</c> with 0 for
/// unlimited, <c>if_name</c>). <c>[db]</c> is EDIV's own database and is ignored.
/// </summary>
public static class EdivClusterConfReader
{
    /// <summary>Parses <paramref name="text"/>; every problem is reported with its line and column.</summary>
    public static ParseResult<ClusterDocument> Read(string text, string file)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(file);
        var diagnostics = new DiagnosticBag();
        var sections = IniDocument.Parse(text, file, diagnostics);
        var document = new EdivClusterConfMapper(file, diagnostics).Map(sections);
        return ParseResult<ClusterDocument>.From(document, diagnostics);
    }
}
