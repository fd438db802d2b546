using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Nines.Cli.Tests.Support;
using Nines.Controller.Repositories;
using Nines.Store.Sqlite;

namespace Nines.Cli.Tests.Commands;

/// <summary><c>nines store check | backup | restore</c> against a real controller's store, and <c>nines up</c> on a damaged one.</summary>
public sealed class StoreCommandTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("nines-store-cli-").FullName;

    [Fact]
    public async Task Backup_WhileTheControllerRuns_WritesACheckedCopyAndRestoreIsRefused()
    {
        await using var controller = await TestController.StartAsync();
        await controller.DeployTutorialAsync();
        var backup = Path.Combine(_scratch, "backup.db");

        var made = await Store("backup", backup, "--data", controller.Data);
        var check = await Store("check", "--data", controller.Data);
        var restore = await Store("restore", backup, "--data", controller.Data);

        made.ExitCode.ShouldBe(0, made.Error);
        made.Out.ShouldContain("schema:   version 1");
        File.Exists(backup + "-wal").ShouldBeFalse("a backup is one self-contained file");
        SqliteStoreFile.Check(backup).Healthy.ShouldBeTrue();
        Keys(backup).ShouldContain(k => k.StartsWith("/nines/deployments/", StringComparison.Ordinal) && k.EndsWith("/tutorial/spec", StringComparison.Ordinal));
        check.ExitCode.ShouldBe(0, check.Error);
        check.Out.ShouldContain("result:   ok");
        restore.ExitCode.ShouldBe(4);
        restore.Error.ShouldContain("a controller runs for");
        restore.Error.ShouldContain($"pid {Environment.ProcessId}");
    }

    [Fact]
    public async Task Up_CorruptStore_ExitsNonZeroNamingCheckAndRestore_AndRestoreBringsTheDeploymentBack()
    {
        string data;
        var backup = Path.Combine(_scratch, "backup.db");
        await using (var controller = await TestController.StartAsync())
        {
            data = Path.Combine(_scratch, "data");
            await controller.DeployTutorialAsync();
            (await Store("backup", backup, "--data", controller.Data)).ExitCode.ShouldBe(0);

            // Enough keys that pages in the middle hold data, then stop and keep the data directory.
            await using (var store = new SqliteStateStore(new SqliteStateStoreOptions { Path = Path.Combine(controller.Data, "state.db") }))
            {
                for (var i = 0; i < 300; i++)
                {
                    await store.PutAsync($"/filler/{i:D4}", new byte[1024]);
                }
            }

            await controller.Host.DisposeAsync();
            CopyDirectory(controller.Data, data);
        }

        Corrupt(Path.Combine(data, "state.db"));

        var up = await RunWithTimeoutAsync("up", "--data", data, "--driver", "fake", "--netns", "none", "--listen", "127.0.0.1:0");
        var check = await Store("check", "--data", data);
        var restore = await Store("restore", backup, "--data", data);

        up.ExitCode.ShouldBe(4, up.Out + up.Error);
        up.Error.ShouldContain("could not start");
        up.Error.ShouldContain("is damaged");
        up.Error.ShouldContain("nines store check");
        up.Error.ShouldContain("nines store restore");
        check.ExitCode.ShouldBe(4);
        check.Error.ShouldContain("nines store restore FILE --data");
        restore.ExitCode.ShouldBe(0, restore.Error);
        restore.Out.ShouldContain("previous:");
        Directory.GetFiles(data, "state.db.before-restore-*").ShouldNotBeEmpty("the damaged file is kept aside");
        await using var again = await TestController.StartOnAsync(data);
        var deployments = again.Services.GetRequiredService<DeploymentRepository>();
        (await deployments.ListAsync(null, CancellationToken.None)).ShouldContain(d => d.Ref.Name == "tutorial");
    }

    [Fact]
    public async Task Restore_CorruptBackup_IsRefusedAndTheStoreIsUnchanged()
    {
        var data = Path.Combine(_scratch, "data");
        Directory.CreateDirectory(data);
        var storePath = Path.Combine(data, "state.db");
        await using (var store = new SqliteStateStore(new SqliteStateStoreOptions { Path = storePath }))
        {
            for (var i = 0; i < 300; i++)
            {
                await store.PutAsync($"/k/{i:D4}", new byte[1024]);
            }
        }

        var backup = Path.Combine(_scratch, "backup.db");
        (await Store("backup", backup, "--data", data)).ExitCode.ShouldBe(0);
        Corrupt(backup);
        var before = File.ReadAllBytes(storePath);

        var restore = await Store("restore", backup, "--data", data);

        restore.ExitCode.ShouldBe(4);
        restore.Error.ShouldContain("is damaged");
        restore.Error.ShouldContain("nothing was changed");
        File.ReadAllBytes(storePath).ShouldBe(before);
        Directory.GetFiles(data, "state.db.before-restore-*").ShouldBeEmpty();
    }

    [Fact]
    public async Task Restore_BackupFromNewerSchema_IsRefused()
    {
        var data = Path.Combine(_scratch, "data");
        Directory.CreateDirectory(data);
        var backup = Path.Combine(_scratch, "newer.db");
        await using (new SqliteStateStore(new SqliteStateStoreOptions { Path = backup }))
        {
        }

        Execute(backup, "PRAGMA user_version = 9;");

        var restore = await Store("restore", backup, "--data", data);

        restore.ExitCode.ShouldBe(4);
        restore.Error.ShouldContain("schema version 9");
        File.Exists(Path.Combine(data, "state.db")).ShouldBeFalse();
    }

    [Fact]
    public async Task Check_NoStore_ExitsNotFound()
    {
        var result = await Store("check", "--data", Path.Combine(_scratch, "nothing"));

        result.ExitCode.ShouldBe(5);
        result.Error.ShouldContain("there is no store at");
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    private static Task<CliResult> Store(params string[] args) =>
        CliRunner.RunWithEnvironmentAsync(new Dictionary<string, string>(), ["store", .. args]);

    /// <summary>Runs the CLI, cancelled (as Ctrl-C would) if it has not ended in a minute: an <c>up</c> that starts exits 0 then.</summary>
    private static async Task<CliResult> RunWithTimeoutAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var context = new CliContext(output, error, Interactive: false, Environment: _ => null);
        var exit = await NinesCli.RunAsync(args, context, timeout.Token);
        return new CliResult(exit, output.ToString(), error.ToString());
    }

    /// <summary>Overwrites four pages in the middle of <paramref name="path"/> with a pattern no b-tree page has.</summary>
    private static void Corrupt(string path)
    {
        var length = new FileInfo(path).Length;
        length.ShouldBeGreaterThan(16 * 4096);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
        file.Position = length / 2 / 4096 * 4096;
        file.Write([.. Enumerable.Range(0, 4 * 4096).Select(i => (byte)(0xA5 ^ i))]);
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }

    private static List<string> Keys(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT CAST(key AS TEXT) FROM kv;";
        using var reader = command.ExecuteReader();
        var keys = new List<string>();
        while (reader.Read())
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }

    private static void Execute(string path, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
