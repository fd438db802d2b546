using Nines.Store.Sqlite;
using Nines.Store.Tests.Contract;

namespace Nines.Store.Tests.Sqlite;

/// <summary>The contract on a SQLite file in a temporary directory.</summary>
public sealed class SqliteStateStoreContractTests : StateStoreContract
{
    private readonly TempDirectory _directory = new();

    protected override Task<IStateStore> CreateStoreAsync(TimeProvider time) =>
        Task.FromResult<IStateStore>(new SqliteStateStore(new SqliteStateStoreOptions { Path = _directory.File("state.db") }, time));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Dispose();
    }
}
