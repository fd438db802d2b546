using System.Globalization;
using Nines.Store;

namespace Nines.Availability.Checkpoints;

/// <summary>
/// Where a checkpoint lives in the store: <c>/nines/checkpoints/&lt;name&gt;/epoch</c> (the owning writer's
/// epoch, 20 zero-padded digits so byte order is number order), <c>…/head</c> (JSON: epoch, writer, section
/// names; rewritten by every write, so watching it sees each checkpoint once) and <c>…/sections/&lt;section&gt;</c>.
/// </summary>
public static class CheckpointKeys
{
    /// <summary>The root of every checkpoint.</summary>
    public const string Root = "/nines/checkpoints/";

    /// <summary>The directory prefix of checkpoint <paramref name="name"/>.</summary>
    public static StoreKey Prefix(string name) => Root + Checked(name, nameof(name)) + "/";

    /// <summary>The key holding the owning epoch.</summary>
    public static StoreKey Epoch(string name) => Root + Checked(name, nameof(name)) + "/epoch";

    /// <summary>The key rewritten by every checkpoint write.</summary>
    public static StoreKey Head(string name) => Root + Checked(name, nameof(name)) + "/head";

    /// <summary>The prefix of the section keys.</summary>
    public static StoreKey Sections(string name) => Root + Checked(name, nameof(name)) + "/sections/";

    /// <summary>The key of one section.</summary>
    public static StoreKey Section(string name, string section) =>
        Root + Checked(name, nameof(name)) + "/sections/" + Checked(section, nameof(section));

    /// <summary>An epoch as stored: fixed width, so the store's byte-wise compares order it as a number.</summary>
    internal static byte[] EncodeEpoch(long epoch) =>
        System.Text.Encoding.ASCII.GetBytes(epoch.ToString("D20", CultureInfo.InvariantCulture));

    internal static long DecodeEpoch(ReadOnlySpan<byte> value) =>
        long.Parse(System.Text.Encoding.ASCII.GetString(value), NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>Names are one path segment: not empty, no '/', no control characters.</summary>
    internal static string Checked(string value, string field)
    {
        ArgumentNullException.ThrowIfNull(value, field);
        if (value.Length == 0 || value.Contains('/', StringComparison.Ordinal) || value.Any(char.IsControl))
        {
            throw new ArgumentException($"{field} '{value}' must be one non-empty path segment (no '/', no control characters)", field);
        }

        return value;
    }
}
