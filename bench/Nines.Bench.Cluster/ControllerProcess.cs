using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nines.Api;
using Nines.Contracts.Agents;
using Nines.Controller.Hosting;
using Nines.Controller.Reconciliation;
using Nines.Controller.RemoteAgents;
using Nines.Drivers.Mapping;
using Nines.Store;
using Nines.Store.Etcd;

namespace Nines.Bench.Cluster;

/// <summary>
/// The child process the failover benchmark kills with SIGKILL: one controller (<see cref="ElectedController"/>,
/// campaigning on etcd) and the REST API, both over the shared store. Every controller serves the API; only the
/// active one reconciles.
/// </summary>
internal static class ControllerProcess
{
    /// <summary>The benchmark's cluster CA (a new one per run, in a temporary directory), shared by the controller processes and the agents.</summary>
    public static string CaDirectory { get; } = Environment.GetEnvironmentVariable("NINES_BENCH_CA") ?? Path.Combine(Directory.CreateTempSubdirectory("nines-bench-ca-").FullName, "tls");

    /// <summary>The controller's mutual TLS credentials from the benchmark's CA.</summary>
    public static Nines.Contracts.Security.TlsCredentials ControllerCredentials()
    {
        using var authority = Nines.Contracts.Security.NinesCertificateAuthority.LoadOrCreate(CaDirectory, TimeProvider.System);
        return new(authority.IssueController(), System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(authority.Certificate.RawData));
    }

    /// <summary>An agent's mutual TLS credentials from the benchmark's CA.</summary>
    public static Nines.Contracts.Security.TlsCredentials AgentCredentials(string host)
    {
        using var authority = Nines.Contracts.Security.NinesCertificateAuthority.LoadOrCreate(CaDirectory, TimeProvider.System);
        return new(authority.IssueAgent(host), System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(authority.Certificate.RawData));
    }

    /// <summary><c>controller ETCD_URL PORT NAME</c>: runs until killed.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var store = EtcdStateStore.Connect(new EtcdStoreOptions { Endpoints = [new Uri(args[1])] });
        using var agents = new HttpHostAgentDirectory(ControllerCredentials()) { RequestTimeout = TimeSpan.FromSeconds(5) };
        await using var controller = ElectedController.Start(new ElectedControllerOptions(store, agents, ReconcilerOptions())
        {
            Election = new ControllerElectionOptions { Candidate = args[3] },
        });
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{args[2]}");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IStateStore>(store);
        builder.Services.AddSingleton<IHostAgentDirectory>(agents);
        builder.Services.AddNinesApi();
        await using var app = builder.Build();
        app.MapNinesApi();
        await app.RunAsync();
        return 0;
    }

    public static ReconcilerOptions ReconcilerOptions() =>
        new(new VmMappingOptions("/guest/vmlinux", "/guest/initrd.cpio", _ => false))
        {
            BaseBackoff = TimeSpan.FromMilliseconds(100),
            MaxBackoff = TimeSpan.FromSeconds(1),
            ConvergePollInterval = TimeSpan.FromMilliseconds(100),
        };
}
