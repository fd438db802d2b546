namespace Nines.Images;

/// <summary>The guest image could not be built or opened; the message says which step failed and why.</summary>
public sealed class GuestImageException : Exception
{
    public GuestImageException()
    {
    }

    public GuestImageException(string message)
        : base(message)
    {
    }

    public GuestImageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
