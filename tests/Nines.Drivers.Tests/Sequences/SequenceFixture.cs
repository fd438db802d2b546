using System.Collections.Concurrent;
using Nines.Domain.Scenarios;
using Nines.Drivers.Fake;
using Nines.Drivers.Sequences;
using Nines.Testing;

namespace Nines.Drivers.Tests.Sequences;

/// <summary>A fake driver (behind a <see cref="RecordingDriver"/>) with host files and trees held in memory.</summary>
internal sealed class SequenceFixture : IAsyncDisposable
{
    public SequenceFixture(TimeSpan execDelay = default)
    {
        Fake = new FakeDriver(Clock);
        Driver = new RecordingDriver(Fake) { ExecDelay = execDelay };
        Options = new ExecSequenceOptions(ReadFileAsync, ReadTreeAsync);
    }

    public FakeTimeProvider Clock { get; } = new();

    public FakeDriver Fake { get; }

    public RecordingDriver Driver { get; }

    public ExecSequenceOptions Options { get; set; }

    public Dictionary<string, string> HostFiles { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, IReadOnlyList<FileTreeEntry>> HostTrees { get; } = new(StringComparer.Ordinal);

    public ExecSequenceRunner Runner(IHostCommandRunner? host = null) => new(Driver, Options, Clock, host);

    /// <summary>Defines and starts <c>scenario.vm</c> for each VM of <paramref name="scenario"/>, with scripted guest commands.</summary>
    public async Task StartAllAsync(Scenario scenario, params FakeExecRule[] rules)
    {
        foreach (var vm in scenario.Vms)
        {
            await StartAsync($"{scenario.Name}.{vm.Name}", rules);
        }
    }

    public async Task StartAsync(string id, params FakeExecRule[] rules)
    {
        var definition = new VmDefinition(id, id.Split('.')[^1], 128, 1, new BootSource("/images/vmlinux", "/images/initrd.gz"), Fake: new FakeBehaviour(ExecRules: [.. rules]));
        await Fake.DefineAsync(definition, CancellationToken.None);
        await Fake.StartAsync(id, CancellationToken.None);
    }

    public ValueTask DisposeAsync() => Fake.DisposeAsync();

    private Task<string> ReadFileAsync(string path, CancellationToken cancellationToken) =>
        HostFiles.TryGetValue(path, out var text) ? Task.FromResult(text) : Task.FromException<string>(new FileNotFoundException($"Could not find file '{path}'."));

    private Task<IReadOnlyList<FileTreeEntry>> ReadTreeAsync(string path, CancellationToken cancellationToken) =>
        HostTrees.TryGetValue(path, out var tree) ? Task.FromResult(tree) : Task.FromException<IReadOnlyList<FileTreeEntry>>(new DirectoryNotFoundException($"Could not find a part of the path '{path}'."));
}

/// <summary>A host runner that records its commands and answers from a table (unknown commands exit 0).</summary>
internal sealed class RecordingHostRunner(ConcurrentQueue<(string VmId, string Call)> log) : IHostCommandRunner
{
    public Dictionary<string, HostCommandResult> Results { get; } = new(StringComparer.Ordinal);

    public Task<HostCommandResult> RunAsync(string commandLine, string? user, CancellationToken cancellationToken)
    {
        log.Enqueue(("host", user is null ? commandLine : $"{user}: {commandLine}"));
        return Task.FromResult(Results.GetValueOrDefault(commandLine) ?? new HostCommandResult(0, $"ran {commandLine}", string.Empty));
    }
}

/// <summary>Collects progress reports synchronously (<see cref="Progress{T}"/> would post them to the thread pool).</summary>
internal sealed class ProgressLog : IProgress<SequenceProgress>
{
    public ConcurrentQueue<SequenceProgress> Reports { get; } = new();

    public void Report(SequenceProgress value) => Reports.Enqueue(value);
}
