using System.Collections.Concurrent;
using System.Text;
using Nines.Processes;

namespace Nines.Testing;

/// <summary>
/// An <see cref="IProcessRunner"/> that spawns nothing: it records every request and answers from a script, so a
/// driver, the image builder or the network applier can be tested for the exact commands it runs and for how it reads
/// their output. A request no rule matches fails the run (a test never passes on an unscripted command).
/// </summary>
public sealed class ScriptedProcessRunner : IProcessRunner
{
    private readonly ConcurrentQueue<ProcessRequest> _calls = new();
    private readonly List<(Func<ProcessRequest, bool> Matches, Func<ProcessRequest, ProcessResult> Answer)> _rules = [];

    /// <summary>Every request run so far, in order.</summary>
    public IReadOnlyList<ProcessRequest> Calls => [.. _calls];

    /// <summary>The argument vectors (program first) of every request so far, in order.</summary>
    public IReadOnlyList<string[]> CommandLines => [.. _calls.Select(c => (string[])[c.Program, .. c.Arguments])];

    /// <summary>Answers requests <paramref name="matches"/> accepts with <paramref name="answer"/>; later rules win.</summary>
    public ScriptedProcessRunner On(Func<ProcessRequest, bool> matches, Func<ProcessRequest, ProcessResult> answer)
    {
        lock (_rules)
        {
            _rules.Insert(0, (matches, answer));
        }

        return this;
    }

    /// <summary>Answers every run of <paramref name="program"/> with exit code <paramref name="exitCode"/> and the given output.</summary>
    public ScriptedProcessRunner On(string program, int exitCode = 0, string standardOutput = "", string standardError = "") =>
        On(r => r.Program == program, r => new ProcessResult(r.CommandLine, exitCode, standardOutput, standardError));

    /// <summary>Answers the runs of <paramref name="program"/> whose arguments start with <paramref name="prefix"/>.</summary>
    public ScriptedProcessRunner On(string program, IReadOnlyList<string> prefix, int exitCode = 0, string standardOutput = "", string standardError = "")
    {
        ArgumentNullException.ThrowIfNull(prefix);
        return On(
            r => r.Program == program && r.Arguments.Count >= prefix.Count && r.Arguments.Take(prefix.Count).SequenceEqual(prefix),
            r => new ProcessResult(r.CommandLine, exitCode, standardOutput, standardError));
    }

    /// <inheritdoc/>
    public Task<ProcessResult> RunAsync(ProcessRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        _calls.Enqueue(request);
        Func<ProcessRequest, ProcessResult>? answer;
        lock (_rules)
        {
            answer = _rules.FirstOrDefault(r => r.Matches(request)).Answer;
        }

        var result = answer?.Invoke(request) ?? throw new InvalidOperationException($"no scripted answer for \"{request.CommandLine}\"");
        if (request.StandardOutputTo is { } sink)
        {
            // Like the real runner: raw output goes to the sink, and the text result is empty.
            sink.Write(Encoding.UTF8.GetBytes(result.StandardOutput));
            result = result with { StandardOutput = string.Empty };
        }

        return Task.FromResult(result);
    }

    /// <inheritdoc/>
    /// <remarks>Long-lived children are not scripted: a test that needs one runs the real thing.</remarks>
    public IRunningProcess Start(ProcessRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        _calls.Enqueue(request);
        throw new NotSupportedException($"ScriptedProcessRunner does not start long-lived children (\"{request.CommandLine}\")");
    }

    /// <inheritdoc/>
    /// <remarks>Detached programs are not scripted either.</remarks>
    public IDetachedProcess StartDetached(ProcessRequest request, string logFile)
    {
        ArgumentNullException.ThrowIfNull(request);
        _calls.Enqueue(request);
        throw new NotSupportedException($"ScriptedProcessRunner does not start detached programs (\"{request.CommandLine}\")");
    }
}
