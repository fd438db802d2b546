using System.Globalization;
using Nines.Processes;
using Nines.VnfStateMigration;

namespace Nines.Testing.Functions;

/// <summary>
/// Runs a network function as a host program inside a namespace host's network namespace (<c>ip netns exec</c>, which
/// execs the program: its pid is the function's), and waits until it prints <see cref="ReadyText"/>. The command is
/// built per host, instance and mode by the caller (e.g. <c>dotnet gateway.dll --control PATH … [--frozen]</c>).
/// </summary>
public sealed class NamespaceProgramLauncher : IFunctionInstanceLauncher
{
    private readonly Func<FunctionHost, bool, string, IReadOnlyList<string>> _command;
    private readonly string _runDirectory;
    private int _launched;

    /// <param name="command">Program and arguments for (host, frozen, control socket path).</param>
    /// <param name="runDirectory">Where control sockets and logs go.</param>
    public NamespaceProgramLauncher(Func<FunctionHost, bool, string, IReadOnlyList<string>> command, string runDirectory)
    {
        ArgumentNullException.ThrowIfNull(command);
        _command = command;
        _runDirectory = runDirectory;
    }

    /// <summary>The text the program prints once it serves.</summary>
    public string ReadyText { get; init; } = "listening on";

    /// <summary>How long the program may take to print it.</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>A prefix before the command (e.g. an emulator: <c>qemu-aarch64-static</c>), after <c>ip netns exec NS</c>.</summary>
    public IReadOnlyList<string> Prefix { get; init; } = [];

    /// <summary>Starts the programs.</summary>
    public IProcessRunner Processes { get; init; } = ProcessRunner.Default;

    public async Task<IFunctionInstance> LaunchAsync(FunctionHost host, bool frozen, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        var id = $"{host.Name}-{Interlocked.Increment(ref _launched).ToString(CultureInfo.InvariantCulture)}";
        var control = Path.Combine(_runDirectory, $"{id}.sock");
        var request = new ProcessRequest("ip", ["netns", "exec", host.NetworkNamespace, .. Prefix, .. _command(host, frozen, control)]);
        var instance = NamespaceProgramInstance.Start(Processes, request, host, control, Path.Combine(_runDirectory, $"{id}.log"));
        try
        {
            await instance.WaitForAsync(ReadyText, ReadyTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await instance.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return instance;
    }
}
