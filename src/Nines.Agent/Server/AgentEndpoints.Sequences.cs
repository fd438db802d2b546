using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Nines.Contracts.Agents;
using Nines.Contracts.AgentWire;
using Nines.Drivers.Sequences;
using Nines.Scenarios;

namespace Nines.Agent.Server;

/// <summary>Running a sequence: its progress streamed as NDJSON lines while it runs, then its result.</summary>
public static partial class AgentEndpoints
{
    /// <summary>The media type of a sequence run's answer: one JSON <see cref="SequenceStreamLine"/> per line.</summary>
    public const string NdjsonContentType = "application/x-ndjson";

    private static readonly byte[] _newline = "\n"u8.ToArray();

    private static async Task<IResult> RunSequenceAsync(HttpContext context, IHostVmOperations vms, string deploymentId)
    {
        var cancellationToken = context.RequestAborted;
        var body = await AgentRequestBody.ReadAsync<SequenceRunRequest>(context.Request, cancellationToken).ConfigureAwait(false);
        var lines = Channel.CreateUnbounded<SequenceStreamLine>(new UnboundedChannelOptions { SingleReader = true });

        // Task.Run: a check that throws before the run's first await still ends up in the task, handled below.
        var run = Task.Run(() => vms.RunSequenceAsync(deploymentId, body.ScenarioYaml, body.Vms, body.Sequence, new ChannelProgress(lines.Writer), cancellationToken), cancellationToken);

        // Progress is reported synchronously by the run, so every line is written before the run's task completes.
        _ = run.ContinueWith(_ => lines.Writer.TryComplete(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        await foreach (var line in lines.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            await WriteLineAsync(context.Response, line, cancellationToken).ConfigureAwait(false);
        }

        SequenceRunResult result;
        try
        {
            result = await run.ConfigureAwait(false);
        }
        catch (UnknownSequenceException e) when (!context.Response.HasStarted)
        {
            return AgentResults.Problem(AgentErrors.ToProblem(e, ScenarioName(body.ScenarioYaml, deploymentId)));
        }
        catch (Exception e) when (context.Response.HasStarted && e is not OperationCanceledException)
        {
            // The status line (200) is gone already: the error becomes the last line.
            await WriteLineAsync(context.Response, new SequenceStreamLine(Error: AgentErrors.ToProblem(e)), cancellationToken).ConfigureAwait(false);
            return Results.Empty;
        }

        await WriteLineAsync(context.Response, new SequenceStreamLine(Result: result), cancellationToken).ConfigureAwait(false);
        return Results.Empty;
    }

    private static async Task WriteLineAsync(HttpResponse response, SequenceStreamLine line, CancellationToken cancellationToken)
    {
        if (!response.HasStarted)
        {
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = NdjsonContentType;
        }

        await response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(line, AgentJson.Answers), cancellationToken).ConfigureAwait(false);
        await response.Body.WriteAsync(_newline, cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string ScenarioName(string yaml, string deploymentId) =>
        ScenarioReader.Read(yaml, $"{deploymentId}.yaml").Value?.Scenario.Name ?? deploymentId;

    private sealed class ChannelProgress(ChannelWriter<SequenceStreamLine> writer) : IProgress<SequenceProgress>
    {
        public void Report(SequenceProgress value) => writer.TryWrite(new SequenceStreamLine(Progress: value));
    }
}
