using Nines.Domain.Diagnostics;
using Nines.Scenarios.Clusters;

namespace Nines.Scenarios;

/// <summary>Reads a cluster description written as EDIV's <c>cluster.conf</c> or as native YAML.</summary>
public static class ClusterReader
{
    public static ParseResult<ClusterDocument> Read(string text, string file) =>
        InputDetector.Detect(text) switch
        {
            InputKind.EdivCluster => EdivClusterConfReader.Read(text, file),
            InputKind.NativeCluster => NativeClusterReader.Read(text, file),
            var other => ParseResult<ClusterDocument>.Failure(Diagnostic.Error(
                "NX0002",
                SourceLocation.OfFile(file),
                null,
                $"expected a cluster description (EDIV cluster.conf or native YAML with hosts:) but this file is {InputDetector.Describe(other)}")),
        };
}
