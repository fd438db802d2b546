using System.Text;
using System.Text.Json;
using Nines.Drivers.Qemu.Json;

namespace Nines.Drivers.Qemu.Tests.Json;

public sealed class JsonObjectFramerTests
{
    private const string Stream =
        "{\"return\": {\"s\": \"} { \\\" \\\\\"}, \"id\": 1}\r\n{\"event\":\"STOP\",\"data\":{\"a\":[1,{\"b\":[]}]}}{\"return\":\"\\u00e9\\n\",\"id\":2}\n  \n{\"x\":\"é€\"}";

    private static List<string> Feed(JsonObjectFramer framer, byte[] bytes)
    {
        var objects = new List<string>();
        var memory = framer.GetReceiveMemory(bytes.Length);
        bytes.CopyTo(memory);
        framer.Advance(bytes.Length);
        while (framer.TryReadObject(out var document))
        {
            using (document)
            {
                objects.Add(document!.RootElement.GetRawText());
            }
        }

        return objects;
    }

    [Fact]
    public void TryReadObject_EverySplitPoint_YieldsSameObjects()
    {
        var bytes = Encoding.UTF8.GetBytes(Stream);
        var whole = Feed(new JsonObjectFramer(), bytes);
        whole.Count.ShouldBe(4);

        for (var cut = 1; cut < bytes.Length; cut++)
        {
            var framer = new JsonObjectFramer();
            var objects = Feed(framer, bytes[..cut]);
            objects.AddRange(Feed(framer, bytes[cut..]));
            objects.ShouldBe(whole, $"cut at byte {cut}");
            framer.HoldsOnlyWhitespace.ShouldBeTrue();
        }
    }

    [Fact]
    public void TryReadObject_OneByteAtATime_YieldsSameObjects()
    {
        var bytes = Encoding.UTF8.GetBytes(Stream);
        var framer = new JsonObjectFramer();
        var objects = bytes.SelectMany(b => Feed(framer, [b])).ToList();

        objects.ShouldBe(Feed(new JsonObjectFramer(), bytes));
        JsonDocument.Parse(objects[0]).RootElement.GetProperty("return").GetProperty("s").GetString().ShouldBe("} { \" \\");
    }

    [Fact]
    public void TryReadObject_LargeObjectInPieces_GrowsBuffer()
    {
        var payload = new string('a', 200_000);
        var bytes = Encoding.UTF8.GetBytes($"{{\"return\": \"{payload}\"}}\n");
        var framer = new JsonObjectFramer();
        var objects = bytes.Chunk(1000).SelectMany(chunk => Feed(framer, chunk)).ToList();

        objects.Count.ShouldBe(1);
        JsonDocument.Parse(objects[0]).RootElement.GetProperty("return").GetString()!.Length.ShouldBe(200_000);
    }

    [Theory]
    [InlineData("garbage\n")]
    [InlineData("{\"a\": }")]
    [InlineData("[1]")]
    [InlineData("\"text\" ")]
    [InlineData("{\"a\": 1}}")]
    public void TryReadObject_NotAJsonObject_Throws(string text)
    {
        Should.Throw<JsonException>(() => Feed(new JsonObjectFramer(), Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public void TryReadObject_MessageOverLimit_Throws()
    {
        var framer = new JsonObjectFramer(maxMessageBytes: 64);

        var error = Should.Throw<JsonException>(() => Feed(framer, Encoding.UTF8.GetBytes("{\"return\": \"" + new string('x', 100))));

        error.Message.ShouldContain("exceeds 64 bytes");
    }

    [Fact]
    public void TrySkipThroughSentinel_GarbageThenSentinel_ReadsObjectAfterIt()
    {
        var framer = new JsonObjectFramer();
        byte[] bytes = [.. "{\"return\": 1}{\"ret"u8, 0xFF, .. "{\"return\": 42}"u8];
        var memory = framer.GetReceiveMemory(bytes.Length);
        bytes.CopyTo(memory);
        framer.Advance(bytes.Length);

        framer.TrySkipThroughSentinel(0xFF).ShouldBeTrue();
        framer.TryReadObject(out var document).ShouldBeTrue();
        document!.RootElement.GetProperty("return").GetInt32().ShouldBe(42);
    }

    [Fact]
    public void TrySkipThroughSentinel_NoSentinel_DiscardsEverything()
    {
        var framer = new JsonObjectFramer();
        Feed(framer, "{\"partial"u8.ToArray());

        framer.TrySkipThroughSentinel(0xFF).ShouldBeFalse();

        framer.BufferedBytes.ShouldBe(0);
        Feed(framer, "{\"a\":1}"u8.ToArray()).ShouldBe(["{\"a\":1}"]);
    }
}
