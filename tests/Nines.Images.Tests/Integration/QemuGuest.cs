using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Nines.Images.Tests.Integration;

/// <summary>
/// One QEMU process booting the image, as the driver will run it: TCG, machine pc, PVH vmlinux, the guest
/// agent on a virtio-serial port, QMP on a socket, a user-mode NIC that cannot reach the real network.
/// Disposing kills the process if it is still running, so no test leaks a guest.
/// </summary>
internal sealed class QemuGuest : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private QemuGuest(Process process, string directory)
    {
        _process = process;
        _directory = directory;
    }

    public string ConsolePath => Path.Combine(_directory, "console.log");

    public string AgentSocket => Path.Combine(_directory, "qga.sock");

    public string QmpSocket => Path.Combine(_directory, "qmp.sock");

    public bool HasExited => _process.HasExited;

    public string Console => File.Exists(ConsolePath) ? File.ReadAllText(ConsolePath) : string.Empty;

    public static QemuGuest Start(GuestImage image)
    {
        // Short path: unix socket paths are limited to 108 bytes.
        var directory = Directory.CreateTempSubdirectory("nq").FullName;
        var info = new ProcessStartInfo("qemu-system-x86_64")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        string[] arguments =
        [
            "-machine", "pc", "-accel", "tcg", "-m", "128", "-smp", "1",
            "-nodefaults", "-no-user-config", "-display", "none",
            "-kernel", image.KernelPath, "-initrd", image.InitrdPath, "-append", image.KernelCommandLine,
            "-serial", $"file:{Path.Combine(directory, "console.log")}",
            "-device", "virtio-serial",
            "-chardev", $"socket,path={Path.Combine(directory, "qga.sock")},server=on,wait=off,id=qga0",
            "-device", $"virtserialport,chardev=qga0,name={GuestImage.AgentPortName}",
            "-qmp", $"unix:{Path.Combine(directory, "qmp.sock")},server=on,wait=off",
            "-netdev", "user,id=net0,restrict=on", "-device", "virtio-net-pci,netdev=net0",
            "-device", "virtio-balloon",
        ];
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return new QemuGuest(Process.Start(info)!, directory);
    }

    /// <summary>Waits until the console shows the ready marker; fails with the console text otherwise.</summary>
    public async Task WaitForReadyAsync(TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (!Console.Contains(GuestImage.ReadyMarker, StringComparison.Ordinal))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"QEMU exited ({_process.ExitCode}): {await _process.StandardError.ReadToEndAsync()}\n{Console}");
            }

            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"no {GuestImage.ReadyMarker} within {timeout}; console:\n{Console}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>True when QEMU exits within <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}

/// <summary>
/// A bare JSON line exchange over a QEMU unix socket (QMP or the guest agent): enough for these tests; the
/// real clients live in Nines.Drivers.Qemu.
/// </summary>
internal sealed class JsonSocket : IDisposable
{
    private readonly Socket _socket;
    private readonly List<byte> _buffer = [];

    private JsonSocket(Socket socket) => _socket = socket;

    public static async Task<JsonSocket> ConnectAsync(string path, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken);
        return new JsonSocket(socket);
    }

    public async Task SendAsync(string json, CancellationToken cancellationToken) =>
        await _socket.SendAsync(Encoding.UTF8.GetBytes(json + "\n"), cancellationToken);

    /// <summary>The next JSON object on the stream; bytes before the first '{' (e.g. the 0xFF resync mark) are skipped.</summary>
    public async Task<JsonObject> ReceiveAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (TryTakeObject() is { } json)
            {
                return json;
            }

            var chunk = new byte[4096];
            var read = await _socket.ReceiveAsync(chunk, cancellationToken);
            if (read == 0)
            {
                throw new EndOfStreamException("the socket closed");
            }

            _buffer.AddRange(chunk.AsSpan(0, read));
        }
    }

    /// <summary>Receives until an object with <paramref name="key"/> arrives (skipping QMP events).</summary>
    public async Task<JsonObject> ReceiveWithAsync(string key, CancellationToken cancellationToken)
    {
        while (true)
        {
            var json = await ReceiveAsync(cancellationToken);
            if (json.ContainsKey(key) || json.ContainsKey("error"))
            {
                return json;
            }
        }
    }

    public void Dispose() => _socket.Dispose();

    private JsonObject? TryTakeObject()
    {
        var start = _buffer.IndexOf((byte)'{');
        if (start < 0)
        {
            return null;
        }

        var depth = 0;
        var inString = false;
        for (var i = start; i < _buffer.Count; i++)
        {
            var c = (char)_buffer[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }
            }
            else if (c == '"')
            {
                inString = true;
            }
            else if (c == '{')
            {
                depth++;
            }
            else if (c == '}' && --depth == 0)
            {
                var text = Encoding.UTF8.GetString([.. _buffer.GetRange(start, i - start + 1)]);
                _buffer.RemoveRange(0, i + 1);
                return JsonNode.Parse(text)!.AsObject();
            }
        }

        return null;
    }
}
