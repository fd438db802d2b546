using System.Globalization;
using Nines.Bench.Cluster;
using Nines.Store.Etcd;
using Nines.Testing.Etcd;

// nines-bench-cluster [--kills N] [--failures N] [--only a|b]    (and, internally: controller ETCD_URL PORT NAME)
if (args.Length > 0 && args[0] == "controller")
{
    return await ControllerProcess.RunAsync(args);
}

var kills = Option("--kills", 20);
var failures = Option("--failures", 10);
var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault();
var data = Directory.CreateTempSubdirectory("nines-bench-cluster-").FullName;
try
{
    Console.WriteLine($"etcd: one member, default timings (election timeout 1 s, so its minimum lease TTL is 2 s), data in {(Directory.Exists("/dev/shm") ? "/dev/shm" : "the temp directory")}");
    if (only is null or "a")
    {
        await using var etcd = await EtcdServer.StartAsync(new EtcdServerOptions { DataRoot = Directory.Exists("/dev/shm") ? "/dev/shm" : null });
        await using var store = EtcdStateStore.Connect(new EtcdStoreOptions { Endpoints = [etcd.ClientUrl] });
        await using var agents = new BenchAgents(store, Path.Combine(data, "a"));
        await agents.StartAsync("host-a", fencing: null);
        await agents.StartAsync("host-b", fencing: null);
        await new ControllerFailoverBench(etcd, store, agents, kills).RunAsync();
    }

    if (only is null or "b")
    {
        await using var etcd = await EtcdServer.StartAsync(new EtcdServerOptions { DataRoot = Directory.Exists("/dev/shm") ? "/dev/shm" : null });
        await using var store = EtcdStateStore.Connect(new EtcdStoreOptions { Endpoints = [etcd.ClientUrl] });
        await using var agents = new BenchAgents(store, Path.Combine(data, "b"));
        await new HostFailureBench(store, agents, failures).RunAsync();
    }

    return 0;
}
finally
{
    Directory.Delete(data, recursive: true);
}

int Option(string name, int fallback)
{
    var value = args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
    return value is null ? fallback : int.Parse(value, CultureInfo.InvariantCulture);
}
