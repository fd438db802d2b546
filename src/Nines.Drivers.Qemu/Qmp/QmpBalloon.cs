namespace Nines.Drivers.Qemu.Qmp;

/// <summary>The balloon's current guest memory size in bytes (<c>query-balloon</c>).</summary>
internal sealed record QmpBalloon(long ActualBytes);
