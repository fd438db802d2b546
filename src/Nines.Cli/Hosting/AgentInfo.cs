namespace Nines.Cli.Hosting;

/// <summary>
/// <c>AGENT-DATA/agent.json</c>: where a running <c>nines agent</c> answers and its process, so <c>nines testbed</c>
/// (and scripts) find and stop it. Written once the agent is registered, removed when it stops.
/// </summary>
/// <param name="Host">The host name it registered as.</param>
/// <param name="Url">The agent URL the controller calls.</param>
/// <param name="Pid">The agent's process id.</param>
/// <param name="NetworkNamespace">The namespace its networking and QEMU run in, or null.</param>
internal sealed record AgentInfo(string Host, string Url, int Pid, string? NetworkNamespace)
{
    public const string FileName = "agent.json";

    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, FileName);

    public static AgentInfo? TryRead(string dataDirectory) => JsonRecordFile.TryRead<AgentInfo>(PathIn(dataDirectory));

    public void Write(string dataDirectory) => JsonRecordFile.Write(PathIn(dataDirectory), this);

    /// <summary>Removes the record if it is still this process's.</summary>
    public static void DeleteIfOwnedBy(string dataDirectory, int pid)
    {
        if (TryRead(dataDirectory) is { } info && info.Pid == pid)
        {
            File.Delete(PathIn(dataDirectory));
        }
    }
}
