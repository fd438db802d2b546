using System.Globalization;
using Nines.Domain.Scenarios;

namespace Nines.Upgrades.Diff;

/// <summary>How the diff writes values for people: short, in the native format's spelling.</summary>
internal static class DiffValues
{
    public static string? Memory(long? kib) => kib switch
    {
        null => null,
        { } k when k % (1024 * 1024) == 0 => Invariant($"{k / (1024 * 1024)}G"),
        { } k when k % 1024 == 0 => Invariant($"{k / 1024}M"),
        { } k => Invariant($"{k}K"),
    };

    public static string? Mebibytes(long? mib) => mib is { } m ? Memory(m * 1024) : null;

    public static string? Filesystem(FilesystemSpec? filesystem) =>
        filesystem is null ? null : $"{filesystem.Path} ({EnumName(filesystem.Type)})";

    public static string? Model(RedundancyModel model) => model switch
    {
        RedundancyModel.TwoN => "2N",
        RedundancyModel.NPlusM => "N+M",
        RedundancyModel.NWayActive => "N-way-active",
        _ => "none",
    };

    public static string? Names(Nines.Domain.ValueList<string> names) => List(names, n => n);

    /// <summary>A list as <c>[a, b]</c>, or null when empty (an empty list and no list mean the same).</summary>
    public static string? List<T>(IEnumerable<T> items, Func<T, string> render)
    {
        var texts = items.Select(render).ToList();
        return texts.Count == 0 ? null : "[" + string.Join(", ", texts) + "]";
    }

    public static string Disk(DiskSpec d) => Invariant($"{d.Id}:{d.CapacityBytes}B") + (d.File is null ? string.Empty : $":{d.File}");

    public static string Interface(InterfaceSpec i)
    {
        var addresses = i.Ipv4.Concat(i.Ipv6).Select(a => a.ToString()).ToList();
        return Invariant($"{i.Id}:{i.Network}") + (i.Mac is null ? string.Empty : $" {i.Mac}") + (addresses.Count == 0 ? string.Empty : " " + string.Join(" ", addresses));
    }

    public static string Route(RouteSpec r) => $"{r.Destination} via {r.Gateway}";

    public static string User(UserSpec u) => u.Username + (u.SshKeys.IsEmpty ? string.Empty : Invariant($" ({u.SshKeys.Count} keys)"));

    public static string FileTree(FileTreeSpec t) => $"{t.Source} -> {t.Root}";

    public static string Exec(ExecSpec e) => e.Command;

    public static string Property(PropertySpec p) => $"{p.Key}={p.Value}";

    public static string Console(ConsoleSpec c) => Invariant($"{c.Id}:{c.Kind}");

    public static string? Host(HostSection? host) => host is null ? null
        : string.Join("; ", new[]
        {
            List(host.Interfaces, i => i.Network + string.Concat(i.Ipv4.Concat(i.Ipv6).Select(a => " " + a))) is { } interfaces ? "interfaces " + interfaces : null,
            List(host.PhysicalInterfaces, p => $"{p.Name} {p.Address}") is { } physical ? "physical " + physical : null,
            List(host.Routes, Route) is { } routes ? "routes " + routes : null,
            host.Forwarding is { } forwarding ? "forwarding " + EnumName(forwarding) : null,
            List(host.Execs, e => $"{e.Sequence}: {e.Command}") is { } execs ? "execs " + execs : null,
        }.Where(p => p is not null));

    public static string? Rules(Nines.Domain.ValueList<PlacementRule> rules) => List(rules, r => r.ToString());

    public static string EnumName(Enum value) => value.ToString().ToLowerInvariant();

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
