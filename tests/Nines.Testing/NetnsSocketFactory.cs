using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Nines.Testing;

/// <summary>
/// Makes TCP sockets inside a network namespace from this process: one thread joins the namespace (setns) and
/// creates every socket there (a socket belongs to the namespace it was created in), so a test can talk to scenario
/// addresses that exist only inside the namespace.
/// </summary>
public sealed partial class NetnsSocketFactory : IDisposable
{
    private const int CloneNewNet = 0x40000000;
    private readonly BlockingCollection<TaskCompletionSource<Socket>> _requests = [];
    private readonly Thread _thread;

    /// <summary>Joins <paramref name="networkNamespace"/> (a name under /run/netns) on a thread of its own.</summary>
    public NetnsSocketFactory(string networkNamespace)
    {
        var joined = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _thread = new Thread(() => Serve(networkNamespace, joined)) { IsBackground = true, Name = $"netns {networkNamespace}" };
        _thread.Start();
        joined.Task.GetAwaiter().GetResult();
    }

    /// <summary>A new unconnected TCP socket in the namespace.</summary>
    public Task<Socket> CreateAsync()
    {
        var request = new TaskCompletionSource<Socket>(TaskCreationOptions.RunContinuationsAsynchronously);
        _requests.Add(request);
        return request.Task;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _requests.CompleteAdding();
        _thread.Join();
        _requests.Dispose();
    }

    private void Serve(string networkNamespace, TaskCompletionSource joined)
    {
        using (var handle = File.OpenHandle($"/run/netns/{networkNamespace}"))
        {
            if (SetNs((int)handle.DangerousGetHandle(), CloneNewNet) != 0)
            {
                joined.SetException(new InvalidOperationException($"setns into {networkNamespace} failed: errno {Marshal.GetLastPInvokeError()}"));
                return;
            }
        }

        joined.SetResult();
        foreach (var request in _requests.GetConsumingEnumerable())
        {
            request.SetResult(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true });
        }
    }

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNs(int fd, int nstype);
}
