using System.CommandLine;
using System.Globalization;
using Nines.Api.Contracts;
using Nines.Cli.Output;
using Nines.Contracts.Model;

namespace Nines.Cli.Commands;

/// <summary><c>nines host upgrade HOST... --hook CMD</c>: drain, hook, rejoin, undrain, host by host, with each host's step.</summary>
internal static partial class HostCommand
{
    private static Command CreateUpgrade(CliContext context)
    {
        var (command, remote) = RemoteOptions.Command("upgrade", "Upgrade hosts one batch at a time: drain each (VMs moved live, units switched over), run --hook on it through its agent, wait for the agent to come back with its new versions, undrain; stops at the first failure; admin only");
        var hosts = new Argument<string[]>("hosts") { Description = "The hosts, in the order they are upgraded", Arity = ArgumentArity.OneOrMore };
        var hook = new Option<string>("--hook") { Description = "The shell command each host's agent runs (agents started with --allow-hooks), e.g. 'apt-get install -y qemu-system-x86'", Required = true };
        var maxUnavailable = new Option<int?>("--max-unavailable") { Description = "Hosts drained at once (default 1)" };
        var timeout = new Option<string?>("--hook-timeout") { Description = "How long the hook may run on one host: 90s, 30m, 2h (default 30m)" };
        var moves = new Option<int?>("--max-concurrent") { Description = "VMs moving at once off each host (1-16, default 2)" };
        var noWait = new Option<bool>("--no-wait") { Description = "Print the operation id and return at once" };
        command.Arguments.Add(hosts);
        command.Options.Add(hook);
        command.Options.Add(maxUnavailable);
        command.Options.Add(timeout);
        command.Options.Add(moves);
        command.Options.Add(noWait);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var arguments = remote.Read(parse);
            double? seconds = null;
            if (parse.GetValue(timeout) is { } text && (seconds = Seconds(text)) is null)
            {
                await context.Error.WriteLineAsync($"nines host upgrade: --hook-timeout \"{text}\" is not a duration (90s, 30m, 2h)").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            var request = new HostUpgradeStartRequest(parse.GetValue(hosts), parse.GetValue(hook), parse.GetValue(maxUnavailable), seconds, parse.GetValue(moves));
            return await RemoteCommand.RunAsync(context, "host upgrade", arguments, autoStart: false, async connection =>
            {
                var accepted = await connection.Client.UpgradeHostsAsync(request, cancellationToken).ConfigureAwait(false);
                if (parse.GetValue(noWait))
                {
                    await (arguments.Json
                        ? JsonOutput.WriteAsync(context.Out, accepted.Json)
                        : context.Out.WriteLineAsync($"host upgrade {accepted.Value.Id} started (nines operations {accepted.Value.Id})")).ConfigureAwait(false);
                    return ExitCodes.Ok;
                }

                var shown = new Dictionary<string, string>(StringComparer.Ordinal);
                while (true)
                {
                    var read = await connection.Client.GetOperationAsync(accepted.Value.Id, cancellationToken).ConfigureAwait(false);
                    var operation = read.Value;
                    foreach (var step in operation.HostUpgrade?.Hosts ?? [])
                    {
                        var line = StepLine(step);
                        if (!arguments.Json && (!shown.TryGetValue(step.Host, out var last) || last != line))
                        {
                            shown[step.Host] = line;
                            await context.Out.WriteLineAsync(line).ConfigureAwait(false);
                        }
                    }

                    if (operation.IsFinished)
                    {
                        await (arguments.Json
                            ? JsonOutput.WriteAsync(context.Out, read.Json)
                            : context.Out.WriteLineAsync(operation.State == OperationState.COMPLETED ? $"host upgrade {operation.Id}: completed" : $"host upgrade {operation.Id}: {operation.State}: {operation.Error}")).ConfigureAwait(false);
                        return operation.State == OperationState.COMPLETED ? ExitCodes.Ok : ExitCodes.OperationFailed;
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(500), context.Time, cancellationToken).ConfigureAwait(false);
                }
            }, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static string StepLine(HostUpgradeStep step)
    {
        var line = $"{step.Host}: {step.Step} ({step.Percent}%)";
        if (step.Step == "done" && step.After is { } after)
        {
            line += $" — agent {step.Before?.Agent ?? "?"} → {after.Agent}, QEMU {step.Before?.Qemu ?? "none"} → {after.Qemu ?? "none"}, kernel {step.Before?.Kernel ?? "?"} → {after.Kernel}";
        }

        return step.Error is { } error ? $"{line}: {error}" : line;
    }

    /// <summary>Seconds of <c>90</c>, <c>90s</c>, <c>30m</c>, <c>2h</c>; null when it is none of those.</summary>
    internal static double? Seconds(string text)
    {
        var unit = text.Length > 0 && char.IsAsciiLetter(text[^1]) ? text[^1] : 's';
        var number = char.IsAsciiLetter(unit) && text.Length > 0 && char.IsAsciiLetter(text[^1]) ? text[..^1] : text;
        var scale = unit switch { 's' => 1, 'm' => 60, 'h' => 3600, _ => 0 };
        return scale > 0 && double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && value > 0 ? value * scale : null;
    }
}
