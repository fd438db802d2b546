using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Nines.Drivers.Qemu.Json;

/// <summary>
/// <c>sendmsg</c> with one <c>SCM_RIGHTS</c> file descriptor: how QMP's <c>getfd</c> receives a file the driver opened
/// (QEMU confined by <c>-sandbox spawn=deny</c> cannot run <c>exec:</c> migrations, and its user cannot open Nines's files).
/// </summary>
internal static unsafe partial class UnixRights
{
    private const int SolSocket = 1;
    private const int ScmRights = 1;
    private const int MsgNoSignal = 0x4000;
    private const int EAgain = 11;
    private const int EInterrupted = 4;

    /// <summary>Sends <paramref name="bytes"/> with <paramref name="descriptor"/> attached; returns how many bytes went (at least one).</summary>
    /// <exception cref="SocketException">sendmsg failed.</exception>
    public static int Send(Socket socket, ReadOnlySpan<byte> bytes, SafeHandle descriptor)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(descriptor);
        var socketAdded = false;
        var fileAdded = false;
        try
        {
            socket.SafeHandle.DangerousAddRef(ref socketAdded);
            descriptor.DangerousAddRef(ref fileAdded);
            var fd = (int)descriptor.DangerousGetHandle();
            var sock = (int)socket.SafeHandle.DangerousGetHandle();

            // CMSG_SPACE(sizeof(int)) on LP64: 16-byte header (size_t len, int level, int type) + 4 bytes, padded to 8.
            var control = stackalloc byte[24];
            new Span<byte>(control, 24).Clear();
            *(nuint*)control = 20;
            *(int*)(control + 8) = SolSocket;
            *(int*)(control + 12) = ScmRights;
            *(int*)(control + 16) = fd;
            fixed (byte* data = bytes)
            {
                var vector = new IoVector { Base = data, Length = (nuint)bytes.Length };
                var message = new MessageHeader { Vector = &vector, VectorLength = 1, Control = control, ControlLength = 24 };
                while (true)
                {
                    var sent = sendmsg(sock, &message, MsgNoSignal);
                    if (sent > 0)
                    {
                        return (int)sent;
                    }

                    var errno = Marshal.GetLastPInvokeError();
                    if (errno is EAgain or EInterrupted)
                    {
                        // The socket is non-blocking under .NET: a full send buffer on a QMP socket clears in moments.
                        Thread.Sleep(1);
                        continue;
                    }

                    throw new SocketException(errno);
                }
            }
        }
        finally
        {
            if (fileAdded)
            {
                descriptor.DangerousRelease();
            }

            if (socketAdded)
            {
                socket.SafeHandle.DangerousRelease();
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "sendmsg", SetLastError = true)]
    private static partial nint sendmsg(int socket, MessageHeader* message, int flags);

    [StructLayout(LayoutKind.Sequential)]
    private struct IoVector
    {
        public byte* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MessageHeader
    {
        public void* Name;
        public uint NameLength;
        public IoVector* Vector;
        public nuint VectorLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }
}
