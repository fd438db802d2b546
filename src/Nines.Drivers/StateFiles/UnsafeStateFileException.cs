namespace Nines.Drivers.StateFiles;

/// <summary>A state directory or file Nines refuses to use: the path and why.</summary>
public sealed class UnsafeStateFileException : IOException
{
    public UnsafeStateFileException(string path, string message, Exception? inner = null)
        : base(message, inner)
    {
        Path = path;
    }

    /// <summary>The directory or file refused.</summary>
    public string Path { get; }
}
