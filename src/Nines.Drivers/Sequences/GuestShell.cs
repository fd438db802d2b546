namespace Nines.Drivers.Sequences;

/// <summary>Builds the <c>/bin/sh</c> command lines the runner sends to guests.</summary>
internal static class GuestShell
{
    /// <summary>Quotes one word for a POSIX shell: single quotes, with embedded ones closed, escaped and reopened.</summary>
    public static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    public static string QuoteAll(IEnumerable<string> words) => string.Join(' ', words.Select(Quote));

    /// <summary>
    /// The command as <paramref name="user"/>: the guest agent runs commands as root, so only another user needs
    /// <c>su -c</c> (root, empty or unset run the command as it is, which also works on guests without <c>su</c>).
    /// </summary>
    public static string AsUser(string commandLine, string? user) =>
        IsRoot(user) ? commandLine : $"su -c {Quote(commandLine)} {Quote(user!)}";

    public static bool IsRoot(string? user) => string.IsNullOrWhiteSpace(user) || user == "root";

    /// <summary>
    /// The commands of a VNUML <c>type="file"</c> exec's file: one per line, blank lines and <c>#</c> comment lines
    /// skipped (a shell would ignore them too, and they would only inflate the command count).
    /// </summary>
    public static IReadOnlyList<string> CommandLines(string fileText) =>
        [.. fileText.Split('\n')
            .Select(line => line.TrimEnd('\r').Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))];
}
