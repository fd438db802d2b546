namespace Nines.Api.Contracts;

/// <summary>The lifecycle operations a VM takes through the API.</summary>
public enum VmAction
{
    Start,
    Pause,
    Resume,
    Suspend,
    Restore,
    Shutdown,
    Destroy,
    Reboot,
}
