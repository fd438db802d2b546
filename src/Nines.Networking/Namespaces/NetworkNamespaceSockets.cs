using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Nines.Networking.Namespaces;

/// <summary>
/// Sockets that belong to another network namespace. A socket lives in the namespace of the thread that created it,
/// so a dedicated thread enters the namespace (<c>setns</c>), creates (and, for UDP, binds) the socket and returns to
/// its own: this process can then listen on, or send from, an address that exists only inside a testbed's or a
/// steering point's namespace, without any route from the machine's own namespace to it.
/// </summary>
public static partial class NetworkNamespaceSockets
{
    private const int CloneNewNet = 0x40000000;
    private const int ReadOnlyCloseOnExec = 0x80000; // O_RDONLY | O_CLOEXEC

    /// <summary>A new IPv4 TCP socket in namespace <paramref name="networkNamespace"/> (<c>/run/netns/NAME</c>), or in ours when null.</summary>
    /// <exception cref="IOException">The namespace cannot be entered.</exception>
    public static Socket Create(string? networkNamespace) =>
        In(networkNamespace, static () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));

    /// <summary>A UDP socket bound to <paramref name="bind"/> inside namespace <paramref name="networkNamespace"/>.</summary>
    /// <exception cref="IOException">The namespace cannot be entered.</exception>
    /// <exception cref="SocketException">The address cannot be bound there.</exception>
    public static Socket BindUdp(string networkNamespace, IPEndPoint bind)
    {
        ArgumentNullException.ThrowIfNull(bind);
        return In(networkNamespace, () =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                socket.Bind(bind);
                return socket;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        });
    }

    private static Socket In(string? networkNamespace, Func<Socket> create)
    {
        if (networkNamespace is null)
        {
            return create();
        }

        Socket? socket = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                socket = CreateIn(networkNamespace, create);
            }
            catch (Exception e) when (e is IOException or SocketException)
            {
                failure = e;
            }
        })
        { IsBackground = true, Name = $"netns {networkNamespace}" };
        thread.Start();
        thread.Join();
        if (failure is SocketException refused)
        {
            throw refused;
        }

        return socket ?? throw new IOException($"no socket in network namespace {networkNamespace}", failure);
    }

    /// <remarks>
    /// Runs on a thread of its own, which goes back to its namespace before it ends (and creates nothing else while
    /// inside, so no other thread inherits the namespace).
    /// </remarks>
    private static Socket CreateIn(string networkNamespace, Func<Socket> create)
    {
        var home = Open("/proc/thread-self/ns/net");
        try
        {
            var target = Open(Path.Combine("/run/netns", networkNamespace));
            try
            {
                Enter(target, networkNamespace);
            }
            finally
            {
                _ = Close(target);
            }

            try
            {
                return create();
            }
            finally
            {
                Enter(home, "the process's own");
            }
        }
        finally
        {
            _ = Close(home);
        }
    }

    private static int Open(string path)
    {
        var fd = OpenFile(path, ReadOnlyCloseOnExec);
        return fd >= 0 ? fd : throw new IOException($"open {path} failed (errno {Marshal.GetLastPInvokeError()})");
    }

    private static void Enter(int fd, string what)
    {
        if (SetNamespace(fd, CloneNewNet) != 0)
        {
            throw new IOException($"setns into {what} network namespace failed (errno {Marshal.GetLastPInvokeError()})");
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenFile(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNamespace(int fd, int type);
}
