using System.CommandLine;
using System.Globalization;
using Nines.Cli.Output;
using Nines.Contracts.Model;

namespace Nines.Cli.Commands;

/// <summary><c>nines events [--after SEQ] [--follow]</c>: the event log, then (with <c>--follow</c>) live until Ctrl-C.</summary>
internal static class EventsCommand
{
    public static Command Create(CliContext context)
    {
        var (command, remote) = RemoteOptions.Command("events", "Show the event log; --follow keeps printing new events until Ctrl-C");
        var after = new Option<string?>("--after") { Description = "Only events after this sequence number" };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing events as they happen (server-sent events) until Ctrl-C" };
        command.Options.Add(after);
        command.Options.Add(follow);
        command.SetAction((parse, cancellationToken) =>
        {
            var arguments = remote.Read(parse);
            return RemoteCommand.RunAsync(context, "events", arguments, autoStart: false, async connection =>
            {
                var page = await connection.Client.ListEventsAsync(parse.GetValue(after), cancellationToken).ConfigureAwait(false);
                if (!parse.GetValue(follow))
                {
                    if (arguments.Json)
                    {
                        await JsonOutput.WriteAsync(context.Out, page.Json).ConfigureAwait(false);
                    }
                    else
                    {
                        foreach (var record in page.Value.Events)
                        {
                            await context.Out.WriteLineAsync(Line(record)).ConfigureAwait(false);
                        }
                    }

                    return ExitCodes.Ok;
                }

                // Following prints one event per line (JSON Lines with --output json): the stream has no end to wrap.
                foreach (var record in page.Value.Events)
                {
                    await context.Out.WriteLineAsync(arguments.Json ? System.Text.Json.JsonSerializer.Serialize(record, Remote.NinesApiClient.Json) : Line(record)).ConfigureAwait(false);
                }

                try
                {
                    await foreach (var live in connection.Client.FollowEventsAsync(page.Value.Revision, cancellationToken).ConfigureAwait(false))
                    {
                        await context.Out.WriteLineAsync(arguments.Json ? live.Json : Line(live.Value)).ConfigureAwait(false);
                        await context.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
                    }
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // Ctrl-C ends a follow normally.
                }

                return ExitCodes.Ok;
            }, cancellationToken);
        });
        return command;
    }

    private static string Line(EventRecord e) =>
        $"{e.Sequence.TrimStart('0')} {e.Time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} {(e.Severity == EventSeverity.Warning ? "WARNING " : string.Empty)}{e.Kind} {e.Subject}: {e.Message}";
}
