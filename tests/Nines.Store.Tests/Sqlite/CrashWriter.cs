using System.Globalization;
using Nines.Store.Sqlite;

namespace Nines.Store.Tests.Sqlite;

/// <summary>
/// The child process of the durability test: commits transactions forever, each putting a new key and the
/// counter of keys, and prints every committed revision, until it is killed.
/// </summary>
internal static class CrashWriter
{
    public const string Command = "crash-writer";
    public const string KeysPrefix = "/crash/keys/";
    public const string CounterKey = "/crash/counter";

    public static async Task<int> RunAsync(string path)
    {
        await using var store = new SqliteStateStore(new SqliteStateStoreOptions { Path = path });
        var counter = await store.GetAsync(CounterKey);
        var next = counter is null ? 1 : long.Parse(counter.ValueAsString(), CultureInfo.InvariantCulture) + 1;
        for (; ; next++)
        {
            var text = next.ToString(CultureInfo.InvariantCulture);
            var result = await store.TxnAsync(new Txn(
                [],
                [TxnOp.Put(KeysPrefix + next.ToString("D8", CultureInfo.InvariantCulture), new byte[512]), TxnOp.Put(CounterKey, System.Text.Encoding.UTF8.GetBytes(text))]));
            Console.Out.WriteLine(result.Revision.ToString(CultureInfo.InvariantCulture));
        }
    }
}
