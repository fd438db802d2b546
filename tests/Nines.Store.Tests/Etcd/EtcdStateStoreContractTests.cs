using Nines.Store.Etcd;
using Nines.Store.Tests.Contract;

namespace Nines.Store.Tests.Etcd;

/// <summary>
/// The contract on a real etcd: every case gets its own freshly started single-member cluster (about 0.1 s),
/// because the cases assume they are the only writer (exact revision steps, whole-store ranges) and
/// revisions are cluster-wide, which a key prefix cannot isolate. Time is real: etcd expires leases on its
/// own clock, so the lease cases use a 4 s TTL and wait for real. Without etcd these cases fail (xunit 2
/// cannot skip inherited facts), naming the package to install.
/// </summary>
public sealed class EtcdStateStoreContractTests : StateStoreContract
{
    private EtcdServer? _server;

    protected override TimeSpan LeaseTtl => TimeSpan.FromSeconds(4);

    protected override async Task<IStateStore> CreateStoreAsync(TimeProvider time)
    {
        if (EtcdTestServers.Missing is { } missing)
        {
            throw new InvalidOperationException(missing);
        }

        // Not the fake clock: etcd ignores it for leases, and the store's request timeouts must run in real time.
        _server = await EtcdTestServers.StartAsync();
        return EtcdTestServers.Connect([_server.ClientUrl]);
    }

    protected override async Task AdvanceAsync(TimeSpan by)
    {
        Clock.Advance(by);
        await Task.Delay(by);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
