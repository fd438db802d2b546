namespace Nines.Drivers.Qemu.GuestAgent;

/// <summary>Counters of a guest interface, as the guest kernel counts them.</summary>
internal sealed record GuestInterfaceStatistics(long RxBytes, long RxPackets, long RxErrors, long RxDropped, long TxBytes, long TxPackets, long TxErrors, long TxDropped);
