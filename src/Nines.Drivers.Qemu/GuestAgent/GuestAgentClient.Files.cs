using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nines.Drivers.Qemu.GuestAgent;

internal sealed partial class GuestAgentClient
{
    /// <summary>
    /// Writes <paramref name="content"/> to <paramref name="path"/> in the guest in chunks of
    /// <see cref="GuestAgentClientOptions.FileChunkBytes"/> (used for VNUML <c>&lt;filetree&gt;</c>).
    /// </summary>
    /// <param name="mode">An fopen mode: <c>w</c> truncates, <c>a</c> appends.</param>
    /// <returns>The number of bytes written.</returns>
    public async Task<long> WriteFileAsync(string path, Stream content, string mode, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(content);
        var handle = await OpenFileAsync(path, mode, cancellationToken).ConfigureAwait(false);
        long total = 0;
        var chunk = new byte[_options.FileChunkBytes];
        var completed = false;
        try
        {
            int length;
            while ((length = await content.ReadAtLeastAsync(chunk, chunk.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false)) > 0)
            {
                var written = 0;
                while (written < length)
                {
                    // The agent may write less than asked (a short write); send the rest again.
                    var result = await ExecuteAsync("guest-file-write", new JsonObject
                    {
                        ["handle"] = handle,
                        ["buf-b64"] = Convert.ToBase64String(chunk, written, length - written),
                        ["count"] = length - written,
                    }, null, cancellationToken).ConfigureAwait(false);
                    var count = result.GetProperty("count").GetInt32();
                    if (count <= 0)
                    {
                        throw new IOException($"guest-file-write to \"{path}\" wrote nothing at offset {total + written}");
                    }

                    written += count;
                }

                total += length;
            }

            completed = true;
        }
        finally
        {
            await CloseFileAsync(handle, rethrow: completed).ConfigureAwait(false);
        }

        return total;
    }

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> in the guest; see <see cref="WriteFileAsync(string, Stream, string, CancellationToken)"/>.</summary>
    public async Task<long> WriteFileAsync(string path, ReadOnlyMemory<byte> content, string mode, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(content.ToArray(), writable: false);
        return await WriteFileAsync(path, stream, mode, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the file at <paramref name="path"/> in the guest.</summary>
    /// <exception cref="InvalidDataException">The file is larger than <paramref name="maxBytes"/>.</exception>
    public async Task<byte[]> ReadFileAsync(string path, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        var handle = await OpenFileAsync(path, "r", cancellationToken).ConfigureAwait(false);
        using var content = new MemoryStream();
        var completed = false;
        try
        {
            while (true)
            {
                var result = await ExecuteAsync("guest-file-read", new JsonObject { ["handle"] = handle, ["count"] = _options.FileChunkBytes }, null, cancellationToken).ConfigureAwait(false);
                if (result.TryGetProperty("buf-b64", out var data) && data.ValueKind == JsonValueKind.String)
                {
                    content.Write(data.GetBytesFromBase64());
                }

                if (content.Length > maxBytes)
                {
                    throw new InvalidDataException($"guest file \"{path}\" is larger than {maxBytes} bytes");
                }

                if (result.GetProperty("eof").GetBoolean() || result.GetProperty("count").GetInt32() == 0)
                {
                    break;
                }
            }

            completed = true;
        }
        finally
        {
            await CloseFileAsync(handle, rethrow: completed).ConfigureAwait(false);
        }

        return content.ToArray();
    }

    private async Task<long> OpenFileAsync(string path, string mode, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(mode);
        var handle = await ExecuteAsync("guest-file-open", new JsonObject { ["path"] = path, ["mode"] = mode }, null, cancellationToken).ConfigureAwait(false);
        return handle.GetInt64();
    }

    /// <summary>
    /// Closes a guest file handle even when the caller was cancelled, so handles do not leak in the agent;
    /// when the transfer already failed, a failing close must not hide that first error.
    /// </summary>
    private async Task CloseFileAsync(long handle, bool rethrow)
    {
        try
        {
            await ExecuteAsync("guest-file-close", new JsonObject { ["handle"] = handle }, null, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (!rethrow && e is GuestAgentCommandException or GuestAgentTimeoutException or GuestAgentProtocolException or GuestAgentConnectionBrokenException)
        {
            // The transfer's own error is the one to report.
        }
    }
}
