using Nines.Store;
using Nines.Store.Memory;
using Nines.Store.Sqlite;
using Nines.Testing;

namespace Nines.Controller.Tests.Support;

/// <summary>Creates the store a test runs on: in memory, or a SQLite file in a temporary directory.</summary>
internal static class StoreKind
{
    public static TheoryData<string> All => ["memory", "sqlite"];

    public static IStateStore Open(string kind, FakeTimeProvider time, string? path = null) => kind switch
    {
        "memory" => new MemoryStateStore(time),
        "sqlite" => new SqliteStateStore(new SqliteStateStoreOptions { Path = path ?? TempFile() }, time),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "memory or sqlite"),
    };

    public static string TempFile() => Path.Combine(Path.GetTempPath(), $"nines-cp-{Guid.NewGuid():N}.db");
}
