namespace Nines.Contracts.Hosting;

/// <summary>Where a Nines process keeps its data when it is not told: the embedded host's store and runs, agents' directories.</summary>
public static class NinesDataDirectory
{
    /// <summary><c>$NINES_HOME/data</c>, else <c>$XDG_DATA_HOME/nines</c>, else <c>~/.local/share/nines</c>.</summary>
    public static string Default(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (environment("NINES_HOME") is { Length: > 0 } home)
        {
            return Path.Combine(home, "data");
        }

        if (environment("XDG_DATA_HOME") is { Length: > 0 } data)
        {
            return Path.Combine(data, "nines");
        }

        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share", "nines");
    }
}
