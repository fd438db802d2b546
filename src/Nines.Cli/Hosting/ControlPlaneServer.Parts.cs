using Nines.Contracts.Agents;
using Nines.Contracts.Repositories;
using Nines.Controller.Repositories;
using Nines.Embedded;
using Nines.Store;

namespace Nines.Cli.Hosting;

/// <summary>The parts of either kind of control plane the API is served over.</summary>
internal sealed partial class ControlPlaneServer
{
    /// <summary>What the API is served over, from either kind of control plane.</summary>
    private sealed record ControlPlaneParts(
        string DataDirectory,
        IStateStore Store,
        DeploymentRepository Deployments,
        HostRepository Hosts,
        OperationRepository Operations,
        EventLog Events,
        IHostAgentDirectory Agents,
        Nines.Controller.Supervision.LoopRegistry Loops,
        Func<Task> Completion,
        Func<Task> StopAsync)
    {
        public EmbeddedHost? Embedded { get; private init; }

        public ClusterControlPlane? Cluster { get; private init; }

        /// <summary>The VM mapping of the reconciler, for live migrations.</summary>
        public Nines.Drivers.Mapping.VmMappingOptions? Mapping { get; private init; }

        /// <summary>The host files scenarios submitted through the API may name (image roots, tenant libraries).</summary>
        public Nines.Drivers.HostPaths.HostPathPolicy HostPaths { get; private init; } = Nines.Drivers.HostPaths.HostPathPolicy.None;

        public static ControlPlaneParts Of(EmbeddedHost embedded) =>
            new(embedded.DataDirectory, embedded.Store, embedded.Deployments, embedded.Hosts, embedded.Operations, embedded.Events, new LocalHostAgentDirectory(embedded.Agent), embedded.Loops, () => embedded.Completion, () => embedded.StopAsync(tearDown: false, CancellationToken.None))
            {
                Embedded = embedded,
                Mapping = embedded.Mapping,
                HostPaths = embedded.HostPaths,
            };

        public static ControlPlaneParts Of(ClusterControlPlane cluster)
        {
            var controller = cluster.Controller;
            return new(cluster.DataDirectory, controller.Store, controller.Deployments, controller.Hosts, controller.Operations, controller.Events, controller.Agents, controller.Loops, () => cluster.Completion, cluster.StopAsync)
            {
                Cluster = cluster,
                Mapping = controller.Options.Mapping,
                HostPaths = cluster.HostPaths,
            };
        }
    }
}
