using Nines.Domain.Clusters;
using Nines.Domain.Scenarios;

namespace Nines.Scenarios.Clusters;

/// <summary>A cluster description together with where each host was written.</summary>
public sealed record ClusterDocument(ClusterSpec Cluster, SourceMap Map);
