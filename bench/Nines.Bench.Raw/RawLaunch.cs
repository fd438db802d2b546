namespace Nines.Bench.Raw;

/// <summary>One raw QEMU launch: its arguments (without the program) and the console log the ready marker appears in.</summary>
/// <param name="Arguments">QEMU's arguments, exactly as the driver launched them.</param>
/// <param name="ConsoleLogPath">Where the guest's console goes (<c>-serial file:…</c>).</param>
public sealed record RawLaunch(IReadOnlyList<string> Arguments, string ConsoleLogPath)
{
    /// <summary>What runs QEMU, as the driver's launch prefix (<c>ip netns exec NS</c> for guests in a namespace); empty for none.</summary>
    public IReadOnlyList<string> Prefix { get; init; } = [];
}
