using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nines.Agent.Client;
using Nines.Api;
using Nines.ControlPlane.Agents;
using Nines.ControlPlane.Hosting;
using Nines.ControlPlane.Reconciliation;
using Nines.Drivers.Mapping;
using Nines.Store;
using Nines.Store.Etcd;

namespace Nines.Bench.Cluster;

/// <summary>
/// The child process the failover benchmark kills with SIGKILL: one controller (<see cref="ControllerHost"/>,
/// campaigning on etcd) and the REST API, both over the shared store. Every controller serves the API; only the
/// active one reconciles.
/// </summary>
internal static class ControllerProcess
{
    public const string AgentSecret = "bench-agent-secret";

    /// <summary><c>controller ETCD_URL PORT NAME</c>: runs until killed.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var store = EtcdStateStore.Connect(new EtcdStoreOptions { Endpoints = [new Uri(args[1])] });
        using var agents = new HostAgentDirectory(AgentSecret) { RequestTimeout = TimeSpan.FromSeconds(5) };
        await using var controller = ControllerHost.Start(new ControllerHostOptions(store, agents, ReconcilerOptions())
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
