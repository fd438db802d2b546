using System.CommandLine;
using System.Diagnostics;
using Nines.Cli.Hosting;
using Nines.Cli.Remote;
using Nines.Store;
using Nines.Store.Sqlite;

namespace Nines.Cli.Commands;

/// <summary>
/// <c>nines store check | backup FILE | restore FILE [--data DIR]</c>: the embedded controller's store
/// (<c>DATA/state.db</c>). <c>check</c> runs SQLite's integrity check; <c>backup</c> copies it with SQLite's online
/// backup API (safe while a controller runs); <c>restore</c> checks a backup, refuses while a controller runs and puts
/// the backup in place, keeping the old file aside.
/// </summary>
internal static class StoreCommand
{
    public const string FileName = "state.db";

    public static Command Create(CliContext context)
    {
        var command = new Command("store", "Check, back up or restore the embedded controller's store (DATA/state.db)");
        command.Subcommands.Add(Check(context));
        command.Subcommands.Add(Backup(context));
        command.Subcommands.Add(Restore(context));
        return command;
    }

    private static Option<string?> DataOption() =>
        new("--data") { Description = "Data directory of the controller (default: as for nines up)" };

    private static Command Check(CliContext context)
    {
        var data = DataOption();
        var command = new Command("check", "Run SQLite's integrity check on the store and show its schema version, revision and size; exit 4 when damaged") { data };
        command.SetAction((parse, _) => RunCheckAsync(context, parse.GetValue(data)));
        return command;
    }

    private static Command Backup(CliContext context)
    {
        var data = DataOption();
        var file = new Argument<string>("FILE") { Description = "Where to write the backup (must not exist)" };
        var command = new Command("backup", "Copy the store to FILE with SQLite's online backup API (safe while the controller runs), then check the copy") { file, data };
        command.SetAction((parse, _) => RunBackupAsync(context, parse.GetValue(file)!, parse.GetValue(data)));
        return command;
    }

    private static Command Restore(CliContext context)
    {
        var data = DataOption();
        var file = new Argument<string>("FILE") { Description = "A backup made by `nines store backup`" };
        var command = new Command("restore", "Put the backup FILE in place of the store after checking it; refused while a controller runs; the old file is kept aside") { file, data };
        command.SetAction((parse, _) => RunRestoreAsync(context, parse.GetValue(file)!, parse.GetValue(data)));
        return command;
    }

    private static async Task<int> RunCheckAsync(CliContext context, string? dataOption)
    {
        var path = StorePath(context, dataOption);
        SqliteStoreReport report;
        try
        {
            report = SqliteStoreFile.Check(path);
        }
        catch (FileNotFoundException e)
        {
            await context.Error.WriteLineAsync($"nines store check: {e.Message}").ConfigureAwait(false);
            return ExitCodes.NotFound;
        }

        await PrintAsync(context.Out, report).ConfigureAwait(false);
        if (report.Healthy)
        {
            await context.Out.WriteLineAsync("  result:   ok").ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        foreach (var problem in report.Problems)
        {
            await context.Error.WriteLineAsync($"nines store check: {path}: {problem}").ConfigureAwait(false);
        }

        if (report.SchemaVersion > SqliteStoreFile.SchemaVersion)
        {
            await context.Error.WriteLineAsync($"nines store check: {path}: schema version {report.SchemaVersion} is newer than this nines reads ({SqliteStoreFile.SchemaVersion})").ConfigureAwait(false);
        }

        await context.Error.WriteLineAsync($"nines store check: the store is damaged; put a backup back with `nines store restore FILE{DataHint(dataOption)}`").ConfigureAwait(false);
        return ExitCodes.OperationFailed;
    }

    private static async Task<int> RunBackupAsync(CliContext context, string file, string? dataOption)
    {
        var path = StorePath(context, dataOption);
        try
        {
            var report = SqliteStoreFile.Backup(path, Path.GetFullPath(file));
            await context.Out.WriteLineAsync($"nines store backup: {path} → {report.Path}").ConfigureAwait(false);
            await PrintAsync(context.Out, report).ConfigureAwait(false);
            return ExitCodes.Ok;
        }
        catch (FileNotFoundException e)
        {
            await context.Error.WriteLineAsync($"nines store backup: {e.Message}").ConfigureAwait(false);
            return ExitCodes.NotFound;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await context.Error.WriteLineAsync($"nines store backup: {e.Message}").ConfigureAwait(false);
            return ExitCodes.OperationFailed;
        }
    }

    private static async Task<int> RunRestoreAsync(CliContext context, string file, string? dataOption)
    {
        var data = ControllerResolver.DataDirectory(context, dataOption);
        var path = Path.Combine(data, FileName);
        if (ControllerInfo.TryRead(data) is { } running && IsAlive(running.Pid))
        {
            await context.Error.WriteLineAsync($"nines store restore: a controller runs for {data} (pid {running.Pid}, {running.Url}): stop it first (`nines down --keep-vms{DataHint(dataOption)}`), then restore").ConfigureAwait(false);
            return ExitCodes.OperationFailed;
        }

        try
        {
            var (report, aside) = SqliteStoreFile.Restore(Path.GetFullPath(file), path, TimeProvider.System);
            await context.Out.WriteLineAsync($"nines store restore: {Path.GetFullPath(file)} → {path}").ConfigureAwait(false);
            await PrintAsync(context.Out, report).ConfigureAwait(false);
            if (aside is not null)
            {
                await context.Out.WriteLineAsync($"  previous: {aside}").ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        }
        catch (FileNotFoundException e)
        {
            await context.Error.WriteLineAsync($"nines store restore: {e.Message}").ConfigureAwait(false);
            return ExitCodes.NotFound;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var refused = e is StoreCorruptException or StoreSchemaException ? " (nothing was changed)" : "";
            await context.Error.WriteLineAsync($"nines store restore: {e.Message}{refused}").ConfigureAwait(false);
            return ExitCodes.OperationFailed;
        }
    }

    private static string StorePath(CliContext context, string? dataOption) =>
        Path.Combine(ControllerResolver.DataDirectory(context, dataOption), FileName);

    private static string DataHint(string? dataOption) => dataOption is null ? "" : $" --data {dataOption}";

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static async Task PrintAsync(TextWriter output, SqliteStoreReport report)
    {
        await output.WriteLineAsync($"  store:    {report.Path} ({report.SizeBytes / 1024.0:0.#} KiB)").ConfigureAwait(false);
        await output.WriteLineAsync($"  schema:   version {report.SchemaVersion} (this nines reads up to {SqliteStoreFile.SchemaVersion})").ConfigureAwait(false);
        if (report.Problems.Count == 0)
        {
            await output.WriteLineAsync($"  contents: revision {report.Revision}, {report.Keys} keys, {report.HistoryRows} history entries").ConfigureAwait(false);
        }
    }
}
