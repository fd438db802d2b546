using Nines.Store.Tests.Contract;
using Nines.Testing.Etcd;

namespace Nines.Store.Tests.Etcd;

/// <summary>The contract on one real etcd member per case, however the store reaches it (<see cref="ConnectAsync"/>).</summary>
public abstract class EtcdContract : StateStoreContract
{
    protected override TimeSpan LeaseTtl => TimeSpan.FromSeconds(4);

    /// <summary>The member of this case, set by <see cref="ConnectAsync"/>; disposed with the case.</summary>
    protected EtcdServer? Server { get; set; }

    /// <summary>Starts this case's member and connects a store to it.</summary>
    protected abstract Task<IStateStore> ConnectAsync();

    protected override Task<IStateStore> CreateStoreAsync(TimeProvider time) =>

        // Not the fake clock: etcd ignores it for leases, and the store's request timeouts must run in real time.
        EtcdTestServers.Missing is { } missing ? throw new InvalidOperationException(missing) : ConnectAsync();

    protected override async Task AdvanceAsync(TimeSpan by)
    {
        Clock.Advance(by);
        await Task.Delay(by);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}
