using Nines.Drivers.Qemu.GuestAgent;
using Nines.Drivers.Qemu.Tests.Fakes;

namespace Nines.Drivers.Qemu.Tests.GuestAgent;

public sealed class GuestAgentClientFilesTests
{
    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Fact]
    public async Task WriteFileAsync_LargerThanChunk_WritesInChunksAndCloses()
    {
        await using var agent = new FakeGuestAgentServer();
        await using var client = await GuestAgentClient.ConnectAsync(agent.SocketPath, new GuestAgentClientOptions { FileChunkBytes = 1000 }, CancellationToken.None);
        var content = RandomBytes(2500, 1);

        var written = await client.WriteFileAsync("/etc/nines/config", new MemoryStream(content), "w", CancellationToken.None);

        written.ShouldBe(2500);
        agent.WriteSizes.ShouldBe([1000, 1000, 500]);
        agent.Files["/etc/nines/config"].ShouldBe(content);
        agent.OpenHandles.ShouldBe(0);
        agent.Received.First(r => r.Command == "guest-file-open").Argument("mode").GetString().ShouldBe("w");
    }

    [Fact]
    public async Task WriteFileAsync_AgentWritesShort_SendsTheRest()
    {
        await using var agent = new FakeGuestAgentServer { MaxWriteCount = 300 };
        await using var client = await GuestAgentClient.ConnectAsync(agent.SocketPath, new GuestAgentClientOptions { FileChunkBytes = 1000 }, CancellationToken.None);
        var content = RandomBytes(1000, 2);

        await client.WriteFileAsync("/tmp/short", content, "w", CancellationToken.None);

        agent.WriteSizes.ShouldBe([300, 300, 300, 100]);
        agent.Files["/tmp/short"].ShouldBe(content);
    }

    [Fact]
    public async Task WriteFileAsync_EmptyContent_CreatesEmptyFile()
    {
        await using var agent = new FakeGuestAgentServer();
        await using var client = await GuestAgentClient.ConnectAsync(agent.SocketPath, null, CancellationToken.None);

        (await client.WriteFileAsync("/tmp/empty", ReadOnlyMemory<byte>.Empty, "w", CancellationToken.None)).ShouldBe(0);

        agent.Files["/tmp/empty"].ShouldBeEmpty();
        agent.WriteSizes.ShouldBeEmpty();
    }

    [Fact]
    public async Task WriteFileAsync_WriteFails_ClosesHandleAndReportsWriteError()
    {
        await using var agent = new FakeGuestAgentServer();
        agent.Script("guest-file-write", _ => FakeGuestAgentServer.Error("GenericError", "No space left on device"));
        await using var client = await GuestAgentClient.ConnectAsync(agent.SocketPath, null, CancellationToken.None);

        var error = await Should.ThrowAsync<GuestAgentCommandException>(client.WriteFileAsync("/tmp/full", new byte[10], "w", CancellationToken.None));

        error.Command.ShouldBe("guest-file-write");
        agent.OpenHandles.ShouldBe(0);
    }

    [Fact]
    public async Task ReadFileAsync_WrittenFile_RoundTripsInChunks()
    {
        await using var agent = new FakeGuestAgentServer();
        await using var client = await GuestAgentClient.ConnectAsync(agent.SocketPath, new GuestAgentClientOptions { FileChunkBytes = 700 }, CancellationToken.None);
        var content = RandomBytes(2000, 3);
        await client.WriteFileAsync("/tmp/roundtrip", content, "w", CancellationToken.None);

        (await client.ReadFileAsync("/tmp/roundtrip", 1 << 20, CancellationToken.None)).ShouldBe(content);

        agent.Received.Count(r => r.Command == "guest-file-read").ShouldBe(3);
        agent.OpenHandles.ShouldBe(0);
    }

    [Fact]
    public async Task ReadFileAsync_LargerThanLimit_ThrowsAndCloses()
    {
        await using var agent = new FakeGuestAgentServer();
        await using var client = await GuestAgentClient.ConnectAsync(agent.SocketPath, new GuestAgentClientOptions { FileChunkBytes = 100 }, CancellationToken.None);
        await client.WriteFileAsync("/tmp/big", new byte[500], "w", CancellationToken.None);

        await Should.ThrowAsync<InvalidDataException>(client.ReadFileAsync("/tmp/big", 250, CancellationToken.None));

        agent.OpenHandles.ShouldBe(0);
    }

    [Fact]
    public async Task ReadFileAsync_Missing_ThrowsCommandException()
    {
        await using var agent = new FakeGuestAgentServer();
        await using var client = await GuestAgentClient.ConnectAsync(agent.SocketPath, null, CancellationToken.None);

        (await Should.ThrowAsync<GuestAgentCommandException>(client.ReadFileAsync("/nope", 10, CancellationToken.None))).Command.ShouldBe("guest-file-open");
    }
}
