using System.Net;
using Nines.Networking.Namespaces;
using Nines.Samples.BearerGateway;
using Nines.Testing;
using Nines.Testing.Functions;

namespace Nines.VnfStateMigration.Tests;

/// <summary>
/// Two namespace hosts, the sample bearer gateway serving on h1, a steering point and the traffic generator in the
/// edge namespace. Disposed in reverse: generator, steering point, gateways, namespaces.
/// </summary>
internal sealed class GatewayTestbed : IAsyncDisposable
{
    public const int UePort = 2152;
    public const int ServerPort = 2153;

    private readonly List<IFunctionInstance> _instances = [];

    private GatewayTestbed(NamespaceHostsTestbed hosts, string run)
    {
        Hosts = hosts;
        Run = run;
    }

    public NamespaceHostsTestbed Hosts { get; }

    public string Run { get; }

    public IFunctionInstance Source { get; private set; } = null!;

    public UdpSteeringForwarder Steering { get; private set; } = null!;

    public TrafficGenerator Traffic { get; private set; } = null!;

    public static string GatewayDll =>
        RepositoryPaths.Combine("samples", "Nines.Samples.BearerGateway", "bin", new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/')).Parent!.Name, "net10.0", "Nines.Samples.BearerGateway.dll");

    public static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

    public static async Task<GatewayTestbed> StartAsync(int bearers, int packetsPerSecond, TimeSpan duration)
    {
        var hosts = await NamespaceHostsTestbed.CreateAsync(2, CancellationToken.None);
        var testbed = new GatewayTestbed(hosts, Directory.CreateTempSubdirectory("nines-vnf-").FullName);
        try
        {
            testbed.Source = await testbed.Launcher().LaunchAsync(hosts.Hosts[0], frozen: false, CancellationToken.None);
            testbed._instances.Add(testbed.Source);
            var edge = NamespaceHostsTestbed.EdgeAddress;
            testbed.Steering = new UdpSteeringForwarder(
                [
                    new SteeredPort("ue-side", NetworkNamespaceSockets.BindUdp(hosts.Edge, new IPEndPoint(edge, UePort)), UePort),
                    new SteeredPort("server-side", NetworkNamespaceSockets.BindUdp(hosts.Edge, new IPEndPoint(edge, ServerPort)), ServerPort),
                ],
                hosts.Hosts[0].DataAddress,
                TimeProvider.System);
            testbed.Steering.Start();
            testbed.Traffic = new TrafficGenerator(
                NetworkNamespaceSockets.BindUdp(hosts.Edge, new IPEndPoint(edge, 5000)),
                NetworkNamespaceSockets.BindUdp(hosts.Edge, new IPEndPoint(edge, 6000)),
                new TrafficOptions(bearers, packetsPerSecond, duration, new IPEndPoint(edge, UePort), new IPEndPoint(edge, ServerPort)),
                TimeProvider.System);
            await testbed.Traffic.OpenBearersAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
            return testbed;
        }
        catch
        {
            await testbed.DisposeAsync();
            throw;
        }
    }

    /// <summary>Launches gateways; <paramref name="ignoreFrozen"/> starts them serving even when a frozen target is asked for.</summary>
    public NamespaceProgramLauncher Launcher(bool ignoreFrozen = false) => new(
        (host, frozen, control) =>
            [Dotnet, GatewayDll, "--control", control, "--server", $"{NamespaceHostsTestbed.EdgeAddress}:6000", .. frozen && !ignoreFrozen ? ["--frozen"] : Array.Empty<string>()],
        Run);

    /// <summary>Keeps an instance to stop on dispose.</summary>
    public void Track(IFunctionInstance instance) => _instances.Add(instance);

    public async ValueTask DisposeAsync()
    {
        try
        {
            Traffic?.Dispose();
            Steering?.Dispose();
            foreach (var instance in _instances.Distinct())
            {
                await instance.DisposeAsync();
            }
        }
        finally
        {
            // The namespaces go whatever failed before.
            await Hosts.DisposeAsync();
            Directory.Delete(Run, recursive: true);
        }
    }
}
