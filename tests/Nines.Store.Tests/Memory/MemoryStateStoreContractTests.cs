using Nines.Store.Memory;
using Nines.Store.Tests.Contract;

namespace Nines.Store.Tests.Memory;

/// <summary>The contract on the in-memory store.</summary>
public sealed class MemoryStateStoreContractTests : StateStoreContract
{
    protected override Task<IStateStore> CreateStoreAsync(TimeProvider time) =>
        Task.FromResult<IStateStore>(new MemoryStateStore(time));
}
