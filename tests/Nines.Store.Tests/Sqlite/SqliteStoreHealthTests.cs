using Microsoft.Data.Sqlite;
using Nines.Store.Sqlite;
using Nines.Testing;

namespace Nines.Store.Tests.Sqlite;

/// <summary>A full disk, a damaged file and a newer schema: typed errors, nothing half-written, recovery when space returns.</summary>
public sealed class SqliteStoreHealthTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private string DbPath => _directory.File("state.db");

    [RequiresTmpfsFact]
    public async Task Write_DiskFull_ThrowsStoreFullStoresNothingAndResumesWhenSpaceReturns()
    {
        using var disk = SmallTmpfs.Mount(8L << 20);
        var path = disk.File("state.db");
        await using var store = new SqliteStateStore(new SqliteStateStoreOptions { Path = path });
        for (var i = 0; i < 20; i++)
        {
            await store.PutAsync($"/kept/{i:D2}", Value(i, 1024));
        }

        var before = await store.RangeAsync("/");
        var filler = disk.Fill();
        var big = Value(7, 1 << 20);

        // A transaction whose small put fits and whose big put does not: neither may be stored.
        var txn = new Txn([], [TxnOp.Put("/failed/small", "x"u8.ToArray()), TxnOp.Put("/failed/big", big)]);
        var full = await Should.ThrowAsync<StoreFullException>(() => store.TxnAsync(txn));
        full.Message.ShouldContain(path);
        await Should.ThrowAsync<StoreFullException>(() => store.PutAsync("/failed/big", big));

        // Reads keep working on the full disk, and see exactly the state before the failed writes.
        var during = await store.RangeAsync("/");
        during.Revision.ShouldBe(before.Revision);
        during.Entries.Select(e => e.Key.ToString()).ShouldBe(before.Entries.Select(e => e.Key.ToString()));

        File.Delete(filler);
        var revision = (await store.TxnAsync(txn)).Revision;

        revision.ShouldBe(before.Revision + 1);
        (await store.GetAsync("/failed/big")).ShouldNotBeNull().Value.ToArray().ShouldBe(big);
        for (var i = 0; i < 20; i++)
        {
            (await store.GetAsync($"/kept/{i:D2}")).ShouldNotBeNull().Value.ToArray().ShouldBe(Value(i, 1024));
        }

        Integrity(path).ShouldBe("ok");
    }

    [Fact]
    public async Task Constructor_PagesOverwrittenInTheMiddle_ThrowsStoreCorruptNamingCheckAndRestore()
    {
        await using (var store = Open())
        {
            for (var i = 0; i < 400; i++)
            {
                await store.PutAsync($"/k/{i:D4}", Value(i, 512));
            }
        }

        Corrupt(DbPath);

        var error = Should.Throw<StoreCorruptException>(() => new SqliteStateStore(new SqliteStateStoreOptions { Path = DbPath }));

        error.Path.ShouldBe(DbPath);
        error.Problems.ShouldNotBeEmpty();
        error.Message.ShouldContain(DbPath);
        error.Message.ShouldContain("nines store check");
        error.Message.ShouldContain("nines store restore");
    }

    [Fact]
    public void Constructor_NotADatabase_ThrowsStoreCorrupt()
    {
        File.WriteAllBytes(DbPath, [.. Enumerable.Range(0, 8192).Select(i => (byte)(i * 31))]);

        var error = Should.Throw<StoreCorruptException>(() => new SqliteStateStore(new SqliteStateStoreOptions { Path = DbPath }));

        error.Message.ShouldContain("nines store restore");
    }

    [Fact]
    public async Task Constructor_NewerSchemaVersion_ThrowsStoreSchemaNamingBothVersions()
    {
        await using (Open())
        {
        }

        Execute(DbPath, "PRAGMA user_version = 7;");

        var error = Should.Throw<StoreSchemaException>(() => new SqliteStateStore(new SqliteStateStoreOptions { Path = DbPath }));

        error.FileVersion.ShouldBe(7);
        error.CodeVersion.ShouldBe(1);
        error.Message.ShouldContain("schema version 7");
        error.Message.ShouldContain("up to version 1");
    }

    [Fact]
    public async Task Constructor_FileFromBeforeVersioning_OpensAndRecordsTheVersion()
    {
        await using (var store = Open())
        {
            await store.PutAsync("/a", "x"u8.ToArray());
        }

        Execute(DbPath, "PRAGMA user_version = 0;");

        await using (var reopened = Open())
        {
            (await reopened.GetAsync("/a")).ShouldNotBeNull();
        }

        Scalar(DbPath, "PRAGMA user_version;").ShouldBe(1L);
    }

    public void Dispose() => _directory.Dispose();

    /// <summary>Overwrites four pages in the middle of <paramref name="path"/> with a pattern no b-tree page has.</summary>
    internal static void Corrupt(string path)
    {
        var length = new FileInfo(path).Length;
        length.ShouldBeGreaterThan(16 * 4096);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
        file.Position = length / 2 / 4096 * 4096;
        file.Write([.. Enumerable.Range(0, 4 * 4096).Select(i => (byte)(0xA5 ^ i))]);
    }

    private static byte[] Value(int seed, int length) => [.. Enumerable.Range(0, length).Select(i => (byte)(seed + (i * 7)))];

    private static object? Scalar(string path, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void Execute(string path, string sql) => Scalar(path, sql);

    private static string? Integrity(string path) => (string?)Scalar(path, "PRAGMA integrity_check;");

    private SqliteStateStore Open() => new(new SqliteStateStoreOptions { Path = DbPath });
}
