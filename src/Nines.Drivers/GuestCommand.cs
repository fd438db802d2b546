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

/// <summary>The outcome of a guest command: its exit code and what it wrote.</summary>
public sealed record GuestExecResult(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;
}

/// <summary>How a shutdown ended.</summary>
public enum ShutdownMethod
{
    /// <summary>The guest shut itself down when the guest agent asked.</summary>
    GuestAgent,

    /// <summary>The guest shut itself down on an ACPI power-button press.</summary>
    Acpi,

    /// <summary>The guest did not stop within the grace period (or could not be asked) and was killed.</summary>
    Forced,

    /// <summary>The instance's init ended on SIGTERM (OS-level instances: the container driver).</summary>
    Signal,
}

/// <summary>The outcome of <see cref="IVmDriver.ShutdownAsync"/>: which method stopped the VM and how long it took.</summary>
public sealed record ShutdownResult(VmStatus Status, ShutdownMethod Method, TimeSpan Elapsed)
{
    public bool Forced => Method == ShutdownMethod.Forced;
}
