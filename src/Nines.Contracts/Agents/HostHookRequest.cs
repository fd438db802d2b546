using System.Text.RegularExpressions;

namespace Nines.Contracts.Agents;

/// <summary>A hook to run on a host.</summary>
/// <param name="Id">Chosen by the caller, <c>[a-z0-9][a-z0-9-]*</c>, at most 64 characters: a retry with the same id finds the first run.</param>
/// <param name="Command">A shell command line (<c>/bin/sh -c</c>), run as the agent's user, at most 4,096 characters.</param>
/// <param name="Timeout">How long it may run before it is killed (exit status 124), 1 s to 24 h.</param>
public sealed partial record HostHookRequest(string Id, string Command, TimeSpan Timeout)
{
    /// <summary>The longest command accepted.</summary>
    public const int MaxCommandLength = 4096;

    /// <summary>True when <paramref name="id"/> can name a hook (and so its directory: no separators, no dots).</summary>
    public static bool IsValidId(string? id) => id is not null && IdPattern().IsMatch(id);

    /// <summary>Every reason the request cannot run, each as (field, message); empty when it can.</summary>
    public IReadOnlyList<(string Field, string Message)> Problems()
    {
        var problems = new List<(string, string)>();
        if (!IsValidId(Id))
        {
            problems.Add(("id", "must be 1-64 of a-z 0-9 -, starting with a letter or digit"));
        }

        if (string.IsNullOrWhiteSpace(Command))
        {
            problems.Add(("command", "must not be empty"));
        }
        else if (Command.Length > MaxCommandLength || Command.Contains('\0', StringComparison.Ordinal))
        {
            problems.Add(("command", $"must be at most {MaxCommandLength} characters without NUL"));
        }

        if (Timeout < TimeSpan.FromSeconds(1) || Timeout > TimeSpan.FromHours(24))
        {
            problems.Add(("timeout", "must be between 1 s and 24 h"));
        }

        return problems;
    }

    [GeneratedRegex(@"\A[a-z0-9][a-z0-9-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
