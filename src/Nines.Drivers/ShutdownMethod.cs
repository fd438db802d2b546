namespace Nines.Drivers;

/// <summary>How a shutdown ended.</summary>
public enum ShutdownMethod
{
    /// <summary>The guest shut itself down when the guest agent asked.</summary>
    GuestAgent,

    /// <summary>The guest shut itself down on an ACPI power-button press.</summary>
    Acpi,

    /// <summary>The guest did not stop within the grace period (or could not be asked) and was killed.</summary>
    Forced,

    /// <summary>The instance's init ended on SIGTERM (OS-level instances: the container driver).</summary>
    Signal,
}
