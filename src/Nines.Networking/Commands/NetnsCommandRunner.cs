namespace Nines.Networking.Commands;

/// <summary>
/// Runs every command inside a named network namespace (<c>ip netns exec NAME …</c>), so a whole host —
/// its Open vSwitch daemons, taps, addresses and routes — can live in a namespace (tests, the testbed).
/// </summary>
public sealed class NetnsCommandRunner : ICommandRunner
{
    private readonly ICommandRunner _inner;

    public NetnsCommandRunner(string namespaceName, ICommandRunner inner)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(namespaceName);
        ArgumentNullException.ThrowIfNull(inner);
        Namespace = namespaceName;
        _inner = inner;
    }

    /// <summary>The network namespace the commands run in.</summary>
    public string Namespace { get; }

    /// <summary>The runner the <c>ip netns exec</c> commands go through.</summary>
    public ICommandRunner Inner => _inner;

    /// <inheritdoc/>
    public Task<CommandResult> RunAsync(
        string program,
        IReadOnlyList<string> arguments,
        IReadOnlyDictionary<string, string>? environment,
        CancellationToken cancellationToken) =>
        _inner.RunAsync("ip", ["netns", "exec", Namespace, program, .. arguments], environment, cancellationToken);
}
