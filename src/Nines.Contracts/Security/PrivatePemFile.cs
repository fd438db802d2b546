using System.Text;

namespace Nines.Contracts.Security;

/// <summary>
/// Writes key and certificate files: private keys owner-only (0600) from the moment the file exists (the mode is the
/// open call's, never a later chmod), and every file by rename, so a reader sees all of it or none.
/// </summary>
public static class PrivatePemFile
{
    /// <summary>Owner read and write (0600).</summary>
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/>: 0600 when <paramref name="owner"/>, else 0644.</summary>
    public static void Write(string path, string content, bool owner)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(content);
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        File.Delete(temporary);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = owner ? OwnerOnly : OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        }

        using (var stream = new FileStream(temporary, options))
        {
            stream.Write(Encoding.ASCII.GetBytes(content));
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
