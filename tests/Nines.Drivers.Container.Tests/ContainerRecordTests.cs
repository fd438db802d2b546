using System.Text.Json.Nodes;

namespace Nines.Drivers.Container.Tests;

/// <summary>The run directory's <c>state.json</c> is read by the next manager process: its field names are a wire format.</summary>
public sealed class ContainerRecordTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("nines-container-record-").FullName;

    [Fact]
    public void WriteState_Document_KeepsTheRecordedFieldNames()
    {
        var path = Path.Combine(_directory, "state.json");
        var since = new DateTimeOffset(2026, 5, 6, 7, 8, 9, TimeSpan.Zero);
        var limits = new Limits(512, 50, "0", 64, 10);

        ContainerRecord.WriteState(path, new ContainerRecord.ContainerRunRecordDocument(VmState.Stopped, since, since, limits, VmExitKind.Exited, "exited", 3, null));

        var written = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        written.Select(p => p.Key).ShouldBe(["State", "Since", "StartedAt", "Limits", "ExitKind", "ExitMessage", "ExitCode", "ExitSignal"]);
        written["Limits"]!.AsObject().Select(p => p.Key).ShouldBe(["CpuShares", "CpuQuotaPercent", "CpuPinning", "MemoryLimitMiB", "PidsLimit"]);
        ContainerRecord.ReadState(path).ShouldBe(new ContainerRecord.ContainerRunRecordDocument(VmState.Stopped, since, since, limits, VmExitKind.Exited, "exited", 3, null));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
