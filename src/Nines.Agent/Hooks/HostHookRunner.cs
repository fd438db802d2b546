using System.Globalization;
using System.Text;
using System.Text.Json;
using Nines.Contracts.Agents;
using Nines.Processes;

namespace Nines.Agent.Hooks;

/// <summary>
/// Runs an administrator's hooks on this host (<see cref="IHostHooks"/>). Each hook gets a directory
/// <c>DIR/&lt;id&gt;</c> (0700) holding its request, its pid, its output and, once it has ended, its exit status; the
/// hook runs detached (a session of its own) under <c>timeout</c>, so it outlives an agent it restarts and the next
/// agent process reads its status from the files alone.
/// </summary>
public sealed class HostHookRunner : IHostHooks
{
    /// <summary>
    /// The wrapper: records its pid, runs the command under <c>timeout</c> (124 when killed at the limit), then the exit
    /// status, each file renamed into place so a reader never sees half of one. The command and the paths come as
    /// arguments, never as part of the script.
    /// </summary>
    private const string Wrapper =
        "d=$1; t=$2; c=$3; echo $$ > \"$d/pid.tmp\" && mv \"$d/pid.tmp\" \"$d/pid\"; " +
        "timeout --kill-after=10 \"$t\" /bin/sh -c \"$c\"; s=$?; " +
        "echo $s > \"$d/exit.tmp\" && mv \"$d/exit.tmp\" \"$d/exit\"";

    private const string Marker = "nines-hook";
    private const int OutputTailBytes = 4096;
    private static readonly TimeSpan _startGrace = TimeSpan.FromSeconds(30);

    private readonly HostHookRunnerOptions _options;
    private readonly Lock _gate = new();

    public HostHookRunner(HostHookRunnerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <inheritdoc/>
    public async Task<HostHookStatus> StartHookAsync(HostHookRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!_options.Enabled)
        {
            throw new HostHooksDisabledException($"host \"{_options.HostName}\"'s agent does not run hooks (start it with --allow-hooks)");
        }

        if (request.Problems() is { Count: > 0 } problems)
        {
            throw new ArgumentException(string.Join("; ", problems.Select(p => $"{p.Field}: {p.Message}")), problems[0].Field);
        }

        var directory = Path.Combine(_options.Directory, request.Id);
        lock (_gate)
        {
            if (!Directory.Exists(directory))
            {
                Launch(request, directory);
            }
        }

        return await GetHookAsync(request.Id, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"hook \"{request.Id}\" was started but its directory {directory} is gone");
    }

    /// <inheritdoc/>
    public async Task<HostHookStatus?> GetHookAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (!HostHookRequest.IsValidId(id))
        {
            return null;
        }

        var directory = Path.Combine(_options.Directory, id);
        if (ReadRecord(directory) is not { } record)
        {
            return null;
        }

        var output = OutputTail(Path.Combine(directory, "output"));
        var exit = Path.Combine(directory, "exit");
        if (ReadNumber(exit) is { } code)
        {
            var finished = new DateTimeOffset(File.GetLastWriteTimeUtc(exit), TimeSpan.Zero);
            var versions = _options.Versions.Current;
            if (versions.ProbedAt < finished)
            {
                versions = await _options.Versions.RefreshAsync(cancellationToken).ConfigureAwait(false);
            }

            return new HostHookStatus(id, HostHookState.Exited, code, output, record.StartedAt, finished, versions);
        }

        var running = ReadNumber(Path.Combine(directory, "pid")) is { } pid
            ? IsWrapper(pid, directory)
            : _options.Time.GetUtcNow() - record.StartedAt < _startGrace;
        return new HostHookStatus(id, running ? HostHookState.Running : HostHookState.Lost, null, output, record.StartedAt, null);
    }

    private void Launch(HostHookRequest request, string directory)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("hooks run on Linux hosts only");
        }

        Directory.CreateDirectory(_options.Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var record = new HookRecord(request.Id, request.Command, request.Timeout, _options.Time.GetUtcNow());
        File.WriteAllText(Path.Combine(directory, "request.json"), JsonSerializer.Serialize(record));
        var seconds = Math.Ceiling(request.Timeout.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        var launch = ProcessRequest.Of("/bin/sh", "-c", Wrapper, Marker, directory, seconds, request.Command) with
        {
            WorkingDirectory = directory,
            Environment = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["NINES_HOST"] = _options.HostName,
                ["NINES_HOOK_ID"] = request.Id,
                ["NINES_HOOK_DIR"] = directory,
            },
        };
        using var started = _options.Processes.StartDetached(launch, Path.Combine(directory, "output"));
    }

    private static HookRecord? ReadRecord(string directory)
    {
        try
        {
            return JsonSerializer.Deserialize<HookRecord>(File.ReadAllText(Path.Combine(directory, "request.json")));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    private static int? ReadNumber(string path)
    {
        try
        {
            return int.TryParse(File.ReadAllText(path).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    // A pid is ours while it lives and its arguments are our wrapper's for this directory (pids are reused).
    private static bool IsWrapper(int pid, string directory)
    {
        var arguments = ProcFs.ReadCommandLine(pid);
        return ProcFs.IsAlive(pid) && arguments.Contains(Marker) && arguments.Contains(directory);
    }

    private static string OutputTail(string path)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var length = (int)Math.Min(file.Length, OutputTailBytes);
            file.Seek(-length, SeekOrigin.End);
            var buffer = new byte[length];
            file.ReadExactly(buffer);
            return Encoding.UTF8.GetString(buffer);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }

    private sealed record HookRecord(string Id, string Command, TimeSpan Timeout, DateTimeOffset StartedAt);
}
