namespace Nines.Networking.Commands;

/// <summary>
/// Runs one host tool (<c>ip</c>, <c>ovs-vsctl</c>, …) with an argument array — never a shell string — so
/// names taken from a scenario can never become shell syntax. The one seam between network logic and the
/// machine: tests replace it to see exactly which commands a plan produces.
/// </summary>
public interface ICommandRunner
{
    /// <summary>Runs <paramref name="program"/> and waits for it; a non-zero exit is returned, not thrown.</summary>
    /// <param name="environment">Extra environment variables for the program (added to the inherited ones).</param>
    Task<CommandResult> RunAsync(
        string program,
        IReadOnlyList<string> arguments,
        IReadOnlyDictionary<string, string>? environment,
        CancellationToken cancellationToken);
}
