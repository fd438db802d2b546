using System.Buffers;
using System.Text.Json;
using Nines.Controller.Quotas;

namespace Nines.Api.Images;

internal sealed partial class ImageLibrary
{
    private const int BufferSize = 1024 * 1024;

    /// <summary>
    /// Streams <paramref name="body"/> into a temporary file of the tenant's directory (created 0600 with
    /// <c>O_EXCL</c>), refusing as soon as what arrived would pass the tenant's image-bytes quota (at once when
    /// <paramref name="length"/> announces it), then checks it as <paramref name="format"/> and renames it to
    /// <paramref name="name"/> (replacing an image of that name: its bytes do not count against the new one). A refused
    /// or failed upload leaves nothing. One upload of a tenant at a time: a second waits for the first.
    /// </summary>
    public async Task<ImageUploadResult> UploadAsync(string tenant, string name, string format, Stream body, long? length, TenantQuota quota, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var gate = _uploads.GetOrAdd(tenant, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var directory = EnsureTenantDirectory(tenant);

            // Uploads of this tenant run one at a time in this process, the only one on this data directory: any
            // temporary file here is left from a crash.
            foreach (var stale in Directory.EnumerateFiles(directory, TemporaryPrefix + "*"))
            {
                File.Delete(stale);
            }

            var used = UsedBytes(tenant, except: name);
            if (length is { } announced && QuotaPolicy.CheckImageBytes(tenant, quota, used, announced) is { } early)
            {
                return new ImageUploadResult(null, early, null, null);
            }

            var temporary = Path.Combine(directory, TemporaryPrefix + Guid.NewGuid().ToString("N"));
            var keep = false;
            try
            {
                var (written, over) = await CopyAsync(tenant, body, temporary, used, quota, cancellationToken).ConfigureAwait(false);
                if (over is not null)
                {
                    return new ImageUploadResult(null, over, null, null);
                }

                if (written == 0)
                {
                    return new ImageUploadResult(null, null, "body", "is empty: the image's bytes are required");
                }

                if (await CheckAsync(directory, name, format, temporary, cancellationToken).ConfigureAwait(false) is { } refused)
                {
                    return new ImageUploadResult(null, null, refused.Field, refused.Error);
                }

                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(temporary, FileMode);
                }

                var final = Path.Combine(directory, name);
                File.Move(temporary, final, overwrite: true);
                keep = true;
                return new ImageUploadResult(View(tenant, new FileInfo(final)), null, null, null);
            }
            finally
            {
                if (!keep)
                {
                    File.Delete(temporary);
                }
            }
        }
        finally
        {
            gate.Release();
        }
    }

    private static async Task<(long Written, QuotaViolation? Over)> CopyAsync(
        string tenant, Stream body, string temporary, long used, TenantQuota quota, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            var options = new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.Asynchronous };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            var file = new FileStream(temporary, options);
            await using (file.ConfigureAwait(false))
            {
                long written = 0;
                int read;
                while ((read = await body.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    written += read;
                    if (QuotaPolicy.CheckImageBytes(tenant, quota, used, written) is { } over)
                    {
                        return (written, over);
                    }

                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }

                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
                return (written, null);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Why the upload at <paramref name="path"/> may not be stored as a <paramref name="format"/> image named
    /// <paramref name="name"/>, or null. The header is judged first, by Nines (a qcow2's external data file or a backing
    /// file outside the library are refused before <c>qemu-img</c> opens anything), then <c>qemu-img info</c> with the
    /// format given must agree.
    /// </summary>
    private async Task<(string Field, string Error)?> CheckAsync(string directory, string name, string format, string path, CancellationToken cancellationToken)
    {
        var header = ReadHeader(path);
        if (format == ImageName.Raw && header.Magic is { } magic)
        {
            return ("format", magic == ImageName.Qcow2
                ? "the file is a qcow2 image, not raw: upload it with format qcow2 (QEMU must never be told raw for a file with a format's header)"
                : $"the file starts like a {magic} image, not raw; only raw and qcow2 images are taken (convert it: qemu-img convert -O qcow2)");
        }

        if (format == ImageName.Qcow2)
        {
            if (header.Magic != ImageName.Qcow2)
            {
                return ("format", "the file is not a qcow2 image (it does not start with the qcow2 magic QFI\\xfb)");
            }

            if (header.Problem is { } problem)
            {
                return ("body", problem);
            }

            if (header.ExternalDataFile)
            {
                return ("body", "the qcow2 image keeps its data in an external data file, which could be any file of the host: refused");
            }

            if (header.BackingFile is { } backing && CheckBacking(directory, name, backing, header.BackingFormat) is { } refused)
            {
                return ("body", refused);
            }
        }

        var (info, error) = await _inspector!.InfoAsync(path, format, cancellationToken).ConfigureAwait(false);
        if (info is not { } json)
        {
            return ("body", error!);
        }

        if (!json.TryGetProperty("format", out var reported) || reported.GetString() != format)
        {
            return ("format", $"qemu-img reads it as {(json.TryGetProperty("format", out var f) ? f.GetString() : "nothing")}, not {format}");
        }

        if (json.TryGetProperty("backing-filename", out var backingName) && backingName.GetString() != header.BackingFile)
        {
            return ("body", $"qemu-img sees a backing file \"{backingName.GetString()}\" the header check did not: refused");
        }

        if (json.TryGetProperty("format-specific", out var specific) && specific.TryGetProperty("data", out var data)
            && (data.TryGetProperty("data-file", out _) || (data.TryGetProperty("corrupt", out var corrupt) && corrupt.ValueKind == JsonValueKind.True)))
        {
            return ("body", "qemu-img reports an external data file or a corrupt image: refused");
        }

        return null;
    }

    /// <summary>A backing file must be another image of the same library, named by its plain name or its full path there, with its format given.</summary>
    private static string? CheckBacking(string directory, string name, string backing, string? backingFormat)
    {
        var backingName = backing;
        if (backing.Contains('/', StringComparison.Ordinal))
        {
            if (!Path.IsPathFullyQualified(backing) || Path.GetDirectoryName(backing) != directory)
            {
                return $"the qcow2 image's backing file \"{backing}\" is outside the tenant's image library {directory}: a backing file must be another image of the library";
            }

            backingName = Path.GetFileName(backing);
        }

        if (!ImageName.IsValid(backingName) || backingName == name)
        {
            return $"the qcow2 image's backing file \"{backing}\" is not another image of the library ({ImageName.Rule})";
        }

        var file = new FileInfo(Path.Combine(directory, backingName));
        if (!file.Exists || file.LinkTarget is not null)
        {
            return $"the qcow2 image's backing file \"{backing}\" is not an image of the tenant's library (upload it first)";
        }

        var actual = ReadHeader(file.FullName).Magic == ImageName.Qcow2 ? ImageName.Qcow2 : ImageName.Raw;
        if (backingFormat is null)
        {
            return $"the qcow2 image names its backing file \"{backing}\" without its format, so QEMU would probe it: recreate it with -F {actual}";
        }

        return backingFormat == actual ? null : $"the qcow2 image says its backing file \"{backing}\" is {backingFormat}, but it is {actual}";
    }
}
