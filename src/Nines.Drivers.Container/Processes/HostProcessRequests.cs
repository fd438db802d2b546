namespace Nines.Drivers.Container.Processes;

/// <summary>The driver's host commands (the launcher, <c>crun exec</c>, <c>chrt</c>) as process-layer requests.</summary>
internal static class HostProcessRequests
{
    /// <summary>
    /// A request whose result comes when the program ends, not when its output closes: a command that leaves a daemon
    /// behind (<c>httpd &amp;</c> in an instance) returns at once, with what it printed until then.
    /// </summary>
    public static ProcessRequest Request(string program, IReadOnlyList<string> arguments, byte[]? input, TimeSpan timeout) =>
        new(program, arguments)
        {
            Input = input,
            Timeout = timeout,
            OutputGraceAfterExit = ProcessRunner.DetachedOutputGrace,
        };
}
