namespace Nines.Processes;

/// <summary>One program to run: its argument vector and how it is fed, bounded and captured.</summary>
/// <param name="Program">The executable (a path, or a name looked up in <c>PATH</c>).</param>
/// <param name="Arguments">The arguments, each passed as one word: nothing is ever parsed by a shell.</param>
public sealed record ProcessRequest(string Program, IReadOnlyList<string> Arguments)
{
    /// <summary>Bytes written to the program's standard input, which is then closed; null: closed at once.</summary>
    public ReadOnlyMemory<byte>? Input { get; init; }

    /// <summary>Variables added to the inherited environment (after <c>LC_ALL=C</c>, so they may override it).</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>The directory the program starts in; null: this process's.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>
    /// How long the run may take, output included; null: no limit but the caller's token. When it passes while the
    /// program runs, its whole tree is killed and the result has <see cref="ProcessResult.TimedOut"/>.
    /// </summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>
    /// Null (the default): the result comes when the program has ended and its output has closed. Set: the result
    /// comes when the program ends even if a background child it left behind (<c>httpd &amp;</c>) keeps the output
    /// open; output still arriving within this grace is included.
    /// </summary>
    public TimeSpan? OutputGraceAfterExit { get; init; }

    /// <summary>
    /// Where the standard output goes as raw bytes (a decompressor's output); null: it is captured as UTF-8 text into
    /// <see cref="ProcessResult.StandardOutput"/>, which is then empty.
    /// </summary>
    public Stream? StandardOutputTo { get; init; }

    /// <summary>For <see cref="IProcessRunner.Start"/>: called with each line the child prints (standard output or error).</summary>
    public Action<string>? OnOutputLine { get; init; }

    /// <summary>The command as one line for messages and logs (quoted like a shell would need; never executed).</summary>
    public string CommandLine => Processes.CommandLine.Format(Program, Arguments);

    /// <summary>A request for <paramref name="program"/> with <paramref name="arguments"/>.</summary>
    public static ProcessRequest Of(string program, params IReadOnlyList<string> arguments) => new(program, arguments);
}
