using System.Text.Json.Nodes;

namespace Nines.Drivers.Qemu.Tests.Driver;

/// <summary>The run directory's <c>state.json</c> is read by the next manager process: its field names are a wire format.</summary>
public sealed class QemuVmRecordTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("nines-qemu-record-").FullName;

    [Fact]
    public void WriteState_Document_KeepsTheRecordedFieldNames()
    {
        var path = Path.Combine(_directory, "state.json");
        var since = new DateTimeOffset(2026, 5, 6, 7, 8, 9, TimeSpan.Zero);

        QemuVmRecord.WriteState(path, new QemuVmRecord.QemuRunRecordDocument(VmState.Crashed, since, "kvm", true, "/s/vm.state", VmExitKind.Killed, "killed", null, 9));

        var written = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        written.Select(p => p.Key).ShouldBe(["State", "Since", "Accelerator", "GuestReady", "SuspendedTo", "ExitKind", "ExitMessage", "ExitCode", "ExitSignal"]);
        QemuVmRecord.ReadState(path).ShouldBe(new QemuVmRecord.QemuRunRecordDocument(VmState.Crashed, since, "kvm", true, "/s/vm.state", VmExitKind.Killed, "killed", null, 9));
    }

    [Fact]
    public void ReadState_FileOfAnEarlierManager_ReadsEveryField()
    {
        var path = Path.Combine(_directory, "state.json");
        File.WriteAllText(path, """{"State":3,"Since":"2026-05-06T07:08:09+00:00","Accelerator":"tcg","GuestReady":false,"SuspendedTo":null,"ExitKind":null,"ExitMessage":null,"ExitCode":null,"ExitSignal":null}""");

        var read = QemuVmRecord.ReadState(path);

        read.ShouldNotBeNull();
        read.State.ShouldBe(VmState.Suspended);
        read.Accelerator.ShouldBe("tcg");
        read.Since.ShouldBe(new DateTimeOffset(2026, 5, 6, 7, 8, 9, TimeSpan.Zero));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
