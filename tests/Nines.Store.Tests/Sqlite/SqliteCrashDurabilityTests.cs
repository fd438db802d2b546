using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Nines.Store.Sqlite;

namespace Nines.Store.Tests.Sqlite;

/// <summary>kill -9 of a writing process, then a reopen: the store holds exactly the committed transactions.</summary>
public sealed class SqliteCrashDurabilityTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task Reopen_AfterWriterKilledWithSigkill_HoldsEveryCommittedTxnAndNoPartialOne()
    {
        var path = _directory.File("crash.db");
        for (var round = 0; round < 2; round++)
        {
            var lastPrinted = await RunAndKillWriterAsync(path, commitsBeforeKill: 150 + (round * 50));

            await using var store = new SqliteStateStore(new SqliteStateStoreOptions { Path = path });
            var range = await store.RangeAsync(CrashWriter.KeysPrefix);
            var counter = (await store.GetAsync(CrashWriter.CounterKey)).ShouldNotBeNull();
            var count = long.Parse(counter.ValueAsString(), CultureInfo.InvariantCulture);

            // The child prints after each commit, so at most one commit may be unprinted.
            range.Revision.ShouldBeInRange(lastPrinted, lastPrinted + 1);
            counter.ModRevision.ShouldBe(range.Revision);
            range.Entries.Count.ShouldBe((int)count, "every txn wrote one key and the counter together");
            range.Revision.ShouldBe(1 + count + (2 * round), "the empty store is revision 1, each txn one revision, each earlier round's check two");
            range.Entries[^1].ModRevision.ShouldBe(range.Revision);
            IntegrityCheck(path).ShouldBe("ok");
            (await store.PutAsync("/after-crash", new byte[1])).ShouldBe(range.Revision + 1);
            await store.DeleteAsync("/after-crash");
        }
    }

    public void Dispose() => _directory.Dispose();

    private static async Task<long> RunAndKillWriterAsync(string path, int commitsBeforeKill)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(typeof(CrashWriter).Assembly.Location);
        start.ArgumentList.Add(CrashWriter.Command);
        start.ArgumentList.Add(path);
        using var child = Process.Start(start).ShouldNotBeNull();
        var stderr = child.StandardError.ReadToEndAsync();
        var printed = new List<long>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (printed.Count < commitsBeforeKill)
        {
            var line = await child.StandardOutput.ReadLineAsync(timeout.Token);
            if (line is null)
            {
                throw new ShouldAssertException($"the writer exited early: {await stderr}");
            }

            printed.Add(long.Parse(line, CultureInfo.InvariantCulture));
        }

        // Process.Kill sends SIGKILL on Unix: no finalizers, no disposal, possibly mid-commit.
        child.Kill();
        await child.WaitForExitAsync(timeout.Token);
        while (await child.StandardOutput.ReadLineAsync(timeout.Token) is { } rest)
        {
            if (long.TryParse(rest, CultureInfo.InvariantCulture, out var revision))
            {
                printed.Add(revision);
            }
        }

        printed.ShouldBe(printed.Order().ToList());
        return printed[^1];
    }

    private static string IntegrityCheck(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check;";
        return (string)command.ExecuteScalar()!;
    }
}
