using System.CommandLine;
using System.Globalization;
using Nines.Api.Contracts;
using Nines.Cli.Output;
using Nines.Contracts.Model;

namespace Nines.Cli.Commands;

/// <summary><c>nines vm migrate NAME VM --to HOST</c>: live migration, with its progress until it ends.</summary>
internal static partial class VmCommand
{
    private static Command CreateMigrate(CliContext context)
    {
        var (command, remote, name, vm) = VmTargetCommand("migrate", "Live-migrate a running VM to another host (its networks follow), showing bytes sent, dirty rate and ETA");
        var to = new Option<string>("--to") { Description = "The host to move the VM to (see nines hosts)", Required = true };
        var noWait = new Option<bool>("--no-wait") { Description = "Print the operation id and return at once" };
        command.Options.Add(to);
        command.Options.Add(noWait);
        command.SetAction((parse, cancellationToken) =>
        {
            var arguments = remote.Read(parse);
            return RemoteCommand.RunAsync(context, "vm migrate", arguments, autoStart: false, async connection =>
            {
                var accepted = await connection.Client.MigrateVmAsync(parse.GetValue(name)!, parse.GetValue(vm)!, new VmMigrateRequest(parse.GetValue(to)), cancellationToken).ConfigureAwait(false);
                var start = accepted.Value;
                if (parse.GetValue(noWait))
                {
                    await (arguments.Json
                        ? JsonOutput.WriteAsync(context.Out, accepted.Json)
                        : context.Out.WriteLineAsync($"{start.Deployment}/{start.Vm}: migrating {start.From} → {start.To}, operation {start.OperationId} (nines operations {start.OperationId})")).ConfigureAwait(false);
                    return ExitCodes.Ok;
                }

                string? last = null;
                while (true)
                {
                    var read = await connection.Client.GetOperationAsync(start.OperationId, cancellationToken).ConfigureAwait(false);
                    var operation = read.Value;
                    var line = MigrationLine(operation);
                    if (!arguments.Json && line != last)
                    {
                        await context.Out.WriteLineAsync(line).ConfigureAwait(false);
                        last = line;
                    }

                    if (operation.IsFinished)
                    {
                        if (arguments.Json)
                        {
                            await JsonOutput.WriteAsync(context.Out, read.Json).ConfigureAwait(false);
                        }

                        return operation.State == OperationState.COMPLETED ? ExitCodes.Ok : ExitCodes.OperationFailed;
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(200), context.Time, cancellationToken).ConfigureAwait(false);
                }
            }, cancellationToken);
        });
        return command;
    }

    /// <summary>One progress line: <c>vm1 h1 → h2: active 40% 52/135 MiB, dirty 1.2 MiB/s, ETA 0.3 s, downtime ≤ 10 ms</c>.</summary>
    internal static string MigrationLine(Operation operation)
    {
        if (operation.Migration is not { } m)
        {
            return $"{operation.Id}: {operation.State}";
        }

        var head = $"{m.Vm} {m.From} → {m.To}";
        return m.Status switch
        {
            "completed" when operation.State == OperationState.COMPLETED => string.Create(CultureInfo.InvariantCulture,
                $"{head}: migrated in {m.TotalMilliseconds:0} ms, downtime {m.DowntimeMilliseconds:0.#} ms, {m.TransferredBytes / 1048576.0:0.#} MiB sent"),
            _ when operation.State is OperationState.FAILED or OperationState.ROLLED_BACK => $"{head}: {m.Status}: {operation.Error}",
            "preparing" => $"{head}: preparing the target",
            _ => string.Create(CultureInfo.InvariantCulture,
                $"{head}: {m.Status} {Percent(m)}% {(m.TotalBytes - m.RemainingBytes) / 1048576.0:0.#}/{m.TotalBytes / 1048576.0:0.#} MiB, dirty {m.DirtyBytesPerSecond / 1048576.0:0.#} MiB/s, ETA {(m.EtaSeconds is { } eta ? $"{eta:0.0} s" : "?")}, downtime ≤ {m.DowntimeLimitMilliseconds} ms{(m.ThrottlePercent > 0 ? $", throttled {m.ThrottlePercent}%" : string.Empty)}"),
        };
    }

    private static int Percent(MigrationRecord m) => m.TotalBytes > 0 ? (int)(100 * (m.TotalBytes - m.RemainingBytes) / m.TotalBytes) : 0;
}
