using System.Text.Json;
using Nines.Cli.Remote;

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

    public static AgentInfo? TryRead(string dataDirectory)
    {
        if (PrivateFile.TryRead(PathIn(dataDirectory)) is not { } text)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<AgentInfo>(text, NinesApiClient.Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Write(string dataDirectory) => PrivateFile.Write(PathIn(dataDirectory), JsonSerializer.Serialize(this, NinesApiClient.Json) + "\n");

    /// <summary>Removes the record if it is still this process's.</summary>
    public static void DeleteIfOwnedBy(string dataDirectory, int pid)
    {
        if (TryRead(dataDirectory) is { } info && info.Pid == pid)
        {
            File.Delete(PathIn(dataDirectory));
        }
    }
}
