using System.Runtime.InteropServices;

namespace Nines.Drivers.Container.Processes;

/// <summary>The libc call .NET has no API for: making a FIFO (signals go through <see cref="ProcessSignals"/>).</summary>
internal static partial class NativeMethods
{
    [LibraryImport("libc", EntryPoint = "mkfifo", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MakeFifo(string path, uint mode);

    public static void CreateFifo(string path)
    {
        if (MakeFifo(path, 0x180 /* 0600 */) != 0)
        {
            throw new IOException($"mkfifo {path} failed (errno {Marshal.GetLastPInvokeError()})");
        }
    }
}
