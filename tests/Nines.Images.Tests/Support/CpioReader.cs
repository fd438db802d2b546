using System.Globalization;
using System.Text;

namespace Nines.Images.Tests.Support;

/// <summary>One entry read back from a newc archive.</summary>
internal sealed record CpioEntry(string Name, int Mode, int Nlink, long Mtime, int RdevMajor, int RdevMinor, byte[] Data, long HeaderOffset);

/// <summary>An independent newc parser for tests, written from the format description, not from the writer.</summary>
internal static class CpioReader
{
    public static IReadOnlyList<CpioEntry> Read(byte[] archive)
    {
        var entries = new List<CpioEntry>();
        var at = 0;
        while (true)
        {
            Encoding.ASCII.GetString(archive, at, 6).ShouldBe("070701");
            long Field(int index) => long.Parse(Encoding.ASCII.GetString(archive, at + 6 + (index * 8), 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            var nameSize = (int)Field(11);
            var fileSize = (int)Field(6);
            var name = Encoding.UTF8.GetString(archive, at + 110, nameSize - 1);
            archive[at + 110 + nameSize - 1].ShouldBe((byte)0);
            var dataAt = Align(at + 110 + nameSize);
            if (name == "TRAILER!!!")
            {
                return entries;
            }

            entries.Add(new CpioEntry(name, (int)Field(1), (int)Field(4), Field(5), (int)Field(9), (int)Field(10), archive[dataAt..(dataAt + fileSize)], at));
            at = Align(dataAt + fileSize);
        }
    }

    private static int Align(int value) => (value + 3) & ~3;
}
