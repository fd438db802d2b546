using Nines.Cli.Hosting;

namespace Nines.Cli.Commands;

internal static partial class AgentCommand
{
    private sealed record AgentArguments(
        string Host, string? Listen, string? Advertise, string Store, AgentJoin.Request Join, string? Netns, string? Uplink, string? Driver, string? Data, long? Memory, int? Vcpus)
    {
        public int? MaxBoots { get; init; }

        public bool NoFence { get; init; }

        public bool NoGuard { get; init; }

        public bool AllowHooks { get; init; }

        public string? MigrationAddress { get; init; }

        public string? LogLevel { get; init; }

        public string? LogFormat { get; init; }

        public IReadOnlyList<string> ImageRoots { get; init; } = [];

        public string? HostSide { get; init; }
    }

    /// <summary>Writes each report as it happens.</summary>
    private sealed class LineProgress(TextWriter writer) : IProgress<string>
    {
        public void Report(string value) => writer.WriteLine($"nines agent: {value}");
    }
}
