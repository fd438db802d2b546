using System.CommandLine;
using System.CommandLine.Parsing;
using Nines.Api.Contracts;
using Nines.Cli.Output;
using Nines.Cli.Progress;
using Nines.Cli.Remote;
using Nines.Contracts.Model;

namespace Nines.Cli.Commands;

/// <summary>
/// <c>nines exec NAME SEQ [--vm VM]…</c> runs a VNUML command sequence as an operation; <c>nines exec NAME --vm VM --
/// COMMAND…</c> runs one command in one guest and passes its output and exit code through as the CLI's own.
/// </summary>
internal static class ExecCommand
{
    public static Command Create(CliContext context)
    {
        var (command, remote) = RemoteOptions.Command("exec", "Run a VNUML command sequence (exec NAME SEQ), or one command in a VM (exec NAME --vm VM -- COMMAND...)");
        var name = new Argument<string>("name") { Description = "The deployment" };
        var rest = new Argument<string[]>("sequence-or-command") { Description = "The sequence, or after -- the command and its arguments", Arity = ArgumentArity.ZeroOrMore };
        var vms = new Option<string[]>("--vm") { Description = "Only this VM (repeatable); exactly one with -- COMMAND" };
        var timeout = new Option<int?>("--timeout") { Description = "Seconds to wait for a single command (default: the agent's)" };
        command.Arguments.Add(name);
        command.Arguments.Add(rest);
        command.Options.Add(vms);
        command.Options.Add(timeout);
        command.SetAction((parse, cancellationToken) =>
        {
            var values = parse.GetValue(rest) ?? [];
            var afterDash = AfterDoubleDash(parse);
            var args = new ExecArguments(
                parse.GetValue(name)!,
                afterDash is null ? values : values[..^afterDash.Count],
                afterDash,
                parse.GetValue(vms) ?? [],
                parse.GetValue(timeout));
            return RunAsync(context, remote.Read(parse), args, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, RemoteArguments remote, ExecArguments args, CancellationToken cancellationToken)
    {
        if (args.Command is not null)
        {
            if (args.Command.Count == 0 || args.Vms.Count != 1 || args.Sequence.Count != 0)
            {
                await context.Error.WriteLineAsync("nines exec: one command takes exactly one --vm and a command after --: nines exec NAME --vm VM -- COMMAND [ARGS...]").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            return await RemoteCommand.RunAsync(context, "exec", remote, autoStart: false, c => RunCommandAsync(context, c.Client, remote, args, cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        if (args.Sequence.Count != 1)
        {
            await context.Error.WriteLineAsync("nines exec: name one sequence (nines exec NAME SEQ [--vm VM]...), or one command after -- (nines exec NAME --vm VM -- COMMAND...)").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        return await RemoteCommand.RunAsync(context, "exec", remote, autoStart: false, c => RunSequenceAsync(context, c.Client, remote, args, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    private static async Task<int> RunCommandAsync(CliContext context, NinesApiClient client, RemoteArguments remote, ExecArguments args, CancellationToken cancellationToken)
    {
        var result = await client.ExecVmAsync(args.Name, args.Vms[0], new VmExecRequest(args.Command, null, args.TimeoutSeconds), cancellationToken).ConfigureAwait(false);
        if (remote.Json)
        {
            await JsonOutput.WriteAsync(context.Out, result.Json).ConfigureAwait(false);
        }
        else
        {
            await context.Out.WriteAsync(result.Value.Stdout).ConfigureAwait(false);
            await context.Error.WriteAsync(result.Value.Stderr).ConfigureAwait(false);
        }

        return result.Value.ExitCode;
    }

    private static async Task<int> RunSequenceAsync(CliContext context, NinesApiClient client, RemoteArguments remote, ExecArguments args, CancellationToken cancellationToken)
    {
        var sequence = args.Sequence[0];
        var accepted = await client.ExecSequenceAsync(args.Name, new ExecRequest(sequence, args.Vms.Count == 0 ? null : args.Vms), cancellationToken).ConfigureAwait(false);
        var operation = await OperationWatcher.WatchAsync(context, client, accepted.Value.OperationId, remote.Json ? context.Error : context.Out, cancellationToken).ConfigureAwait(false);
        if (remote.Json)
        {
            await JsonOutput.WriteAsync(context.Out, (await client.GetOperationAsync(operation.Id, cancellationToken).ConfigureAwait(false)).Json).ConfigureAwait(false);
        }
        else
        {
            TextTable.Write(context.Out, ["VM", "RESULT", "ERROR"], operation.Vms.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => (IReadOnlyList<string>)
                [v.Key, v.Value.Step, v.Value.Error ?? string.Empty]));
        }

        if (operation.State != OperationState.COMPLETED)
        {
            await context.Error.WriteLineAsync($"nines exec: sequence \"{sequence}\" on {args.Name}: {operation.State}: {operation.Error ?? "(no error recorded)"}").ConfigureAwait(false);
            return ExitCodes.OperationFailed;
        }

        return ExitCodes.Ok;
    }

    /// <summary>The tokens after <c>--</c> (the command, taken literally), or null when there is no <c>--</c>.</summary>
    internal static List<string>? AfterDoubleDash(ParseResult parse)
    {
        var index = parse.Tokens.ToList().FindIndex(t => t.Type == TokenType.DoubleDash);
        return index < 0 ? null : [.. parse.Tokens.Skip(index + 1).Select(t => t.Value)];
    }

    private sealed record ExecArguments(string Name, IReadOnlyList<string> Sequence, IReadOnlyList<string>? Command, IReadOnlyList<string> Vms, int? TimeoutSeconds);
}
