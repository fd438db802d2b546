using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Nines.ControlPlane.StateMigration;

/// <summary>
/// Makes sockets inside a network namespace from this process: a short-lived thread joins the namespace (setns) and
/// creates and binds the socket there (a socket stays in the namespace it was created in), so a steering point or a
/// test's traffic lives on addresses that exist only in that namespace.
/// </summary>
public static class NetworkNamespaceSockets
{
    private const int CloneNewNet = 0x40000000;

    /// <summary>A UDP socket bound to <paramref name="bind"/> inside <c>/run/netns/<paramref name="networkNamespace"/></c>.</summary>
    public static Task<Socket> BindUdpAsync(string networkNamespace, IPEndPoint bind)
    {
        ArgumentNullException.ThrowIfNull(bind);
        var result = new TaskCompletionSource<Socket>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                using (var handle = File.OpenHandle($"/run/netns/{networkNamespace}"))
                {
                    if (SetNs((int)handle.DangerousGetHandle(), CloneNewNet) != 0)
                    {
                        throw new InvalidOperationException($"setns into network namespace {networkNamespace} failed: errno {Marshal.GetLastPInvokeError()}");
                    }
                }

                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                socket.Bind(bind);
                result.SetResult(socket);
            }
            catch (Exception e)
            {
                result.SetException(e);
            }
        })
        { IsBackground = true, Name = $"netns {networkNamespace}" };

        // The thread ends after this: it never returns to the pool in the other namespace.
        thread.Start();
        return result.Task;
    }

    [DllImport("libc", EntryPoint = "setns", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SetNs(int fd, int nstype);
}
