namespace Nines.Store.Tests.Etcd;

/// <summary>
/// The contract on a real etcd: every case gets its own freshly started single-member cluster (about 0.1 s),
/// because the cases assume they are the only writer (exact revision steps, whole-store ranges) and
/// revisions are cluster-wide, which a key prefix cannot isolate. Time is real: etcd expires leases on its
/// own clock, so the lease cases use a 4 s TTL and wait for real. Without etcd these cases fail (xunit 2
/// cannot skip inherited facts), naming the package to install.
/// </summary>
public sealed class EtcdStateStoreContractTests : EtcdContract
{
    protected override async Task<IStateStore> ConnectAsync()
    {
        Server = await EtcdTestServers.StartAsync();
        return EtcdTestServers.Connect([Server.ClientUrl]);
    }
}
