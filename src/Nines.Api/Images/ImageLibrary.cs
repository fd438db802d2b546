using System.Collections.Concurrent;
using Nines.Api.Contracts;

namespace Nines.Api.Images;

/// <summary>
/// The tenants' image libraries on the controller's disk: <c>Root/&lt;tenant&gt;/&lt;name&gt;</c>, directories 0750 and
/// files 0640 owned by the controller's user (root). The files are the truth: a listing reads the directory, the quota
/// counts its bytes, the format is the one the header announces (uploads said to be raw were checked to carry no other
/// format's magic). Uploads of one tenant run one at a time (<see cref="UploadAsync"/>), so two cannot both fit in
/// the same free quota.
/// </summary>
internal sealed partial class ImageLibrary
{
    internal const string TemporaryPrefix = ".upload-";
    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;

    private readonly ImageLibraryOptions? _options;
    private readonly ImageInspector? _inspector;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _uploads = new(StringComparer.Ordinal);

    public ImageLibrary(ImageLibraryOptions? options)
    {
        _options = options;
        _inspector = options is null ? null : new ImageInspector(options.QemuImg);
    }

    /// <summary>False when the host registered no <see cref="ImageLibraryOptions"/>: the routes then answer 503.</summary>
    public bool IsConfigured => _options is not null;

    /// <summary>The tenant's directory (not created).</summary>
    public string TenantDirectory(string tenant) =>
        ImageLibraryOptions.TenantDirectory(_options?.Root ?? throw new InvalidOperationException("no image library is configured"), tenant);

    /// <summary>The tenant's images, by name.</summary>
    public IReadOnlyList<ImageView> List(string tenant)
    {
        if (!IsConfigured || !Directory.Exists(TenantDirectory(tenant)))
        {
            return [];
        }

        return [.. Files(tenant).Select(f => View(tenant, f)).OrderBy(v => v.Name, StringComparer.Ordinal)];
    }

    /// <summary>Bytes the tenant's images take (what the image-bytes quota counts); 0 without a library.</summary>
    public long UsedBytes(string tenant) => UsedBytes(tenant, except: null);

    /// <summary>Deletes the tenant's image <paramref name="name"/>; false when there is none.</summary>
    public bool Delete(string tenant, string name)
    {
        if (!IsConfigured || !ImageName.IsValid(name))
        {
            return false;
        }

        var path = Path.Combine(TenantDirectory(tenant), name);
        var file = new FileInfo(path);
        if (!file.Exists && file.LinkTarget is null)
        {
            return false;
        }

        // Unlinks the name; a symbolic link (none is ever made here) would go, not what it points at.
        file.Delete();
        return true;
    }

    private long UsedBytes(string tenant, string? except) =>
        IsConfigured && Directory.Exists(TenantDirectory(tenant))
            ? Files(tenant).Where(f => f.Name != except).Sum(f => f.Length)
            : 0;

    // Regular files with image names; temporaries, links and anything else are not images.
    private IEnumerable<FileInfo> Files(string tenant) =>
        new DirectoryInfo(TenantDirectory(tenant)).EnumerateFiles()
            .Where(f => f.LinkTarget is null && ImageName.IsValid(f.Name));

    private ImageView View(string tenant, FileInfo file)
    {
        var header = ReadHeader(file.FullName);
        var qcow2 = header.Magic == ImageName.Qcow2;
        return new ImageView(
            file.Name,
            tenant,
            qcow2 ? ImageName.Qcow2 : ImageName.Raw,
            file.Length,
            qcow2 ? header.VirtualSize : file.Length,
            file.FullName,
            header.BackingFile,
            new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero));
    }

    private static ImageHeader ReadHeader(string path)
    {
        var buffer = new byte[ImageHeader.Length];
        using var stream = new FileStream(path, new FileStreamOptions { Mode = System.IO.FileMode.Open, Access = FileAccess.Read, Options = FileOptions.None });
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        return ImageHeader.Read(buffer.AsSpan(0, read));
    }

    /// <summary>Creates the library root and the tenant's directory (0750) when missing; refuses one that is a link.</summary>
    private string EnsureTenantDirectory(string tenant)
    {
        var root = Path.GetFullPath(_options!.Root);
        foreach (var directory in new[] { root, TenantDirectory(tenant) })
        {
            var info = new DirectoryInfo(directory);
            if (info.LinkTarget is not null)
            {
                throw new IOException($"{directory} is a symbolic link; the image library will not follow it");
            }

            if (!info.Exists && !OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory, DirectoryMode);
            }
        }

        return TenantDirectory(tenant);
    }
}
