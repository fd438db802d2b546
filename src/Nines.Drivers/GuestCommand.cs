using Nines.Domain;

namespace Nines.Drivers;

/// <summary>
/// A command run inside the guest: a program and its arguments (no shell unless the program is one),
/// optional standard input, and how long to wait for it.
/// </summary>
public sealed record GuestCommand(string Program, ValueList<string> Arguments = default, string? Input = null, TimeSpan? Timeout = null)
{
    /// <summary>A command line for <c>/bin/sh -c</c>, the form VNUML <c>&lt;exec&gt;</c> commands take.</summary>
    public static GuestCommand Shell(string commandLine, TimeSpan? timeout = null) =>
        new("/bin/sh", ["-c", commandLine], Timeout: timeout);

    /// <summary>The command as one line, for messages and for matching in scripts.</summary>
    public override string ToString() =>
        Arguments.IsEmpty ? Program : $"{Program} {string.Join(' ', Arguments)}";
}
