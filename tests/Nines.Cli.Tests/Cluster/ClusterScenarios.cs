namespace Nines.Cli.Tests.Cluster;

/// <summary>Scenarios the cluster end-to-end tests deploy.</summary>
internal static class ClusterScenarios
{
    /// <summary>Two guests on one network (a 10.9.0.1, b 10.9.0.2): small scenarios for cluster tests (the tutorial takes a minute to boot).</summary>
    public const string PairYaml = """
        nines: 1
        name: pair
        defaults:
          memory: 128M
        networks:
          - name: x
        vms:
          - name: a
            interfaces:
              - {id: 1, network: x, ipv4: [10.9.0.1/24]}
          - name: b
            interfaces:
              - {id: 1, network: x, ipv4: [10.9.0.2/24]}
        """;
}
