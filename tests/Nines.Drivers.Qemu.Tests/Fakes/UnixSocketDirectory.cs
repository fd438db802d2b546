namespace Nines.Drivers.Qemu.Tests.Fakes;

/// <summary>A private temporary directory for Unix sockets (short path: sun_path holds 108 bytes), deleted on dispose.</summary>
public sealed class UnixSocketDirectory : IDisposable
{
    public UnixSocketDirectory()
    {
        Path = Directory.CreateTempSubdirectory("nines-sock-").FullName;
    }

    public string Path { get; }

    public string SocketPath(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process we started may still be closing its socket; the OS temp cleaner gets the rest.
        }
    }
}
