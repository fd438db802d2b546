namespace Nines.Drivers.Qemu.GuestAgent;

/// <summary>How <c>guest-shutdown</c> should stop the guest.</summary>
internal enum GuestShutdownMode
{
    Powerdown,
    Reboot,
    Halt,
}
