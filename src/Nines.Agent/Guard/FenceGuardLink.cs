using System.Text.Json;

namespace Nines.Agent.Guard;

/// <summary>
/// <c>DATA/fence-link.json</c>: what the agent tells its fence guard, rewritten at each registration: the lease both
/// renew, its fencing terms, where the agent answers health checks, and how to start the agent again.
/// </summary>
/// <param name="Host">The host name.</param>
/// <param name="AgentPid">The agent process that wrote it.</param>
/// <param name="Lease">The registration lease (an etcd lease any holder of its id may keep alive).</param>
/// <param name="LeaseTtl">The lease's TTL.</param>
/// <param name="FenceMargin">How long before the lease could expire the VMs must be gone.</param>
/// <param name="HealthSocket">The Unix socket the agent serves <c>GET /agent/v1/health</c> on (works with the management link down).</param>
/// <param name="AgentCommand">The command line that starts the agent again (executable first), or empty when the guard may not.</param>
public sealed record FenceGuardLink(
    string Host, int AgentPid, long Lease, TimeSpan LeaseTtl, TimeSpan FenceMargin, string HealthSocket, IReadOnlyList<string> AgentCommand)
{
    public const string FileName = "fence-link.json";

    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web);

    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, FileName);

    /// <summary>The agent's health socket in <paramref name="dataDirectory"/>.</summary>
    public static string HealthSocketIn(string dataDirectory) => Path.Combine(dataDirectory, "agent.sock");

    /// <summary>The link in <paramref name="dataDirectory"/>, or null when there is none (or it is being replaced).</summary>
    public static FenceGuardLink? TryRead(string dataDirectory)
    {
        try
        {
            return JsonSerializer.Deserialize<FenceGuardLink>(File.ReadAllText(PathIn(dataDirectory)), _json);
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Writes the link atomically (a reader sees the old one or the new one).</summary>
    public void Write(string dataDirectory)
    {
        var path = PathIn(dataDirectory);
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, _json));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// Records that the store confirmed a renewal of <paramref name="lease"/> sent at <paramref name="sentTimestamp"/>
    /// (<see cref="System.Diagnostics.Stopwatch"/> ticks: the machine's monotonic clock, the same in every process), so
    /// the agent's own fencing deadline counts from the latest renewal either of them had confirmed.
    /// </summary>
    public static void WriteRenewal(string dataDirectory, long lease, long sentTimestamp)
    {
        var path = RenewalPath(dataDirectory);
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temporary, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{lease} {sentTimestamp}"));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The send time of the guard's last confirmed renewal of <paramref name="lease"/>, or null.</summary>
    public static long? ReadRenewal(string dataDirectory, long lease)
    {
        try
        {
            var parts = File.ReadAllText(RenewalPath(dataDirectory)).Split(' ');
            return parts.Length == 2 && long.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out var renewed) && renewed == lease
                && long.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var sent)
                ? sent
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string RenewalPath(string dataDirectory) => Path.Combine(dataDirectory, "fence-renewed");
}
