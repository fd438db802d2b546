using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nines.Drivers.Qemu.GuestAgent;

internal sealed partial class GuestAgentClient
{
    /// <summary>
    /// Runs a program in the guest (<c>guest-exec</c>) and polls <c>guest-exec-status</c> until it exits.
    /// </summary>
    /// <param name="timeout">How long the program may run.</param>
    /// <exception cref="GuestExecTimeoutException">It was still running when <paramref name="timeout"/> passed; carries what it printed so far.</exception>
    /// <exception cref="GuestAgentCommandException">The agent could not start it (e.g. no such program).</exception>
    public async Task<GuestAgentExecResult> ExecAsync(GuestExecRequest request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = await ExecuteAsync("guest-exec", ExecArguments(request), null, cancellationToken).ConfigureAwait(false);
        var pid = started.GetProperty("pid").GetInt64();

        using var timeoutSource = new CancellationTokenSource(timeout, _options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        var pause = _options.ExecPollInterval;
        try
        {
            while (true)
            {
                var status = await ExecuteAsync("guest-exec-status", new JsonObject { ["pid"] = pid }, null, linked.Token).ConfigureAwait(false);

                // QEMU's agent sends the whole captured output once, with the exit status; an agent that sent it
                // earlier would send all of it each time, so the latest copy is the one to keep.
                ReplaceFromBase64(stdout, status, "out-data");
                ReplaceFromBase64(stderr, status, "err-data");
                if (status.TryGetProperty("exited", out var exited) && exited.ValueKind == JsonValueKind.True)
                {
                    return ExecResult(status, stdout, stderr);
                }

                await Task.Delay(pause, _options.TimeProvider, linked.Token).ConfigureAwait(false);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, _options.ExecPollMaxInterval.Ticks));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or GuestAgentTimeoutException
            && timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new GuestExecTimeoutException(request.CommandLine, pid, timeout, Decode(stdout), Decode(stderr));
        }
    }

    private static JsonObject ExecArguments(GuestExecRequest request)
    {
        var arguments = new JsonObject
        {
            ["path"] = request.Path,
            ["arg"] = new JsonArray([.. request.Arguments.Select(a => JsonValue.Create(a))]),
            ["capture-output"] = request.CaptureOutput,
        };
        if (request.Environment is { } environment)
        {
            arguments["env"] = new JsonArray([.. environment.Select(e => JsonValue.Create(e))]);
        }

        if (request.Stdin is { } stdin)
        {
            arguments["input-data"] = Convert.ToBase64String(stdin);
        }

        return arguments;
    }

    private static GuestAgentExecResult ExecResult(JsonElement status, MemoryStream stdout, MemoryStream stderr)
    {
        int? signal = status.TryGetProperty("signal", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt32() : null;
        var exitCode = status.TryGetProperty("exitcode", out var code) && code.ValueKind == JsonValueKind.Number
            ? code.GetInt32()
            : 128 + (signal ?? 0);
        var truncated = IsTrue(status, "out-truncated") || IsTrue(status, "err-truncated");
        return new GuestAgentExecResult(exitCode, Decode(stdout), Decode(stderr), signal, truncated);
    }

    private static void ReplaceFromBase64(MemoryStream target, JsonElement status, string member)
    {
        if (status.TryGetProperty(member, out var data) && data.ValueKind == JsonValueKind.String)
        {
            target.SetLength(0);
            target.Write(data.GetBytesFromBase64());
        }
    }

    private static bool IsTrue(JsonElement element, string member) =>
        element.TryGetProperty(member, out var value) && value.ValueKind == JsonValueKind.True;

    private static string Decode(MemoryStream bytes) => Encoding.UTF8.GetString(bytes.GetBuffer(), 0, (int)bytes.Length);
}
