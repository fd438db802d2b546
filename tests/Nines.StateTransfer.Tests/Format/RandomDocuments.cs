using Nines.StateTransfer.Format;

namespace Nines.StateTransfer.Tests.Format;

/// <summary>Documents of every shape from a seed: empty ones, many sections, every value kind, edge values, non-ASCII text.</summary>
internal static class RandomDocuments
{
    private static readonly ulong[] _edges = [0, 1, 0xFF, 0x100, uint.MaxValue, (ulong)uint.MaxValue + 1, long.MaxValue, ulong.MaxValue];
    private static readonly string[] _texts = [string.Empty, "bearers", "Zürich", "日本語", "a\u0000b", "😀 emoji"];

    public static StateDocument Of(int seed)
    {
        var random = new Random(seed);
        var sections = new List<StateSection>();
        var sectionCount = random.Next(0, 4);
        for (var s = 0; s < sectionCount; s++)
        {
            var records = new List<StateRecord>();
            var recordCount = random.Next(0, 20);
            for (var r = 0; r < recordCount; r++)
            {
                var builder = new StateRecordBuilder();
                var tags = Enumerable.Range(0, random.Next(0, 8)).Select(_ => (ushort)random.Next(0, 65536)).Distinct();
                foreach (var tag in tags)
                {
                    _ = random.Next(4) switch
                    {
                        0 => builder.Add(tag, random.Next(3) == 0 ? _edges[random.Next(_edges.Length)] : (ulong)random.NextInt64()),
                        1 => builder.Add(tag, random.Next(2) == 0 ? long.MinValue + random.Next(3) : -random.NextInt64()),
                        2 => builder.Add(tag, _texts[random.Next(_texts.Length)] + random.Next()),
                        _ => builder.Add(tag, RandomBytes(random, random.Next(0, 40))),
                    };
                }

                records.Add(builder.Build());
            }

            sections.Add(new StateSection($"section-{s}-{_texts[random.Next(_texts.Length)]}", records));
        }

        return new StateDocument(_texts[random.Next(_texts.Length)] + "kind", (uint)random.Next(), sections);
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
