using Nines.Domain.Diagnostics;
using Nines.Domain.Scenarios;

namespace Nines.Images.Resolution;

/// <summary>
/// Decides what a VM boots from. A VNUML <c>&lt;kernel&gt;</c> or <c>&lt;filesystem&gt;</c> path that exists
/// is used; one that does not exist (the usual case: VNUML's UML kernels and root filesystems are not
/// installed here) is replaced by the built guest image, with a warning naming the VM and the path. Every
/// path must stay inside the allowed directories: ".." is collapsed before the check and symbolic links are
/// followed to their real target, so neither can lead out of them.
/// </summary>
public sealed class ImageResolver
{
    private readonly IReadOnlyList<string> _allowedRoots;
    private readonly GuestImage? _image;

    /// <param name="allowedRoots">Directories image paths may lead into (absolute; symbolic links in them are resolved).</param>
    /// <param name="image">The built guest image, or null when none is built.</param>
    public ImageResolver(IEnumerable<string> allowedRoots, GuestImage? image)
    {
        ArgumentNullException.ThrowIfNull(allowedRoots);
        _allowedRoots = [.. allowedRoots.Select(root => RealPath.Resolve(Path.GetFullPath(root)) ?? Path.GetFullPath(root))];
        _image = image;
    }

    /// <summary>
    /// Resolves <paramref name="vm"/>'s kernel, initrd and filesystem. Relative paths are taken from
    /// <paramref name="baseDirectory"/> (the scenario file's directory). Diagnostics carry
    /// <paramref name="location"/>, where the VM was written.
    /// </summary>
    public ParseResult<VmBootImage> Resolve(VmSpec vm, string baseDirectory, SourceLocation location)
    {
        ArgumentNullException.ThrowIfNull(vm);
        var diagnostics = new DiagnosticBag();
        var context = new Context(vm.Name, baseDirectory, location, diagnostics);
        var kernel = vm.Kernel is { } k ? Check(context, "kernel", k.Path, directoryAllowed: false) : PathCheck.Missing;
        var initrd = vm.Kernel?.Initrd is { } i ? Check(context, "kernel/initrd", i, directoryAllowed: false) : PathCheck.Missing;
        var filesystem = vm.Filesystem is { } f
            ? Check(context, "filesystem", f.Path, directoryAllowed: f.Type == FilesystemType.HostFs)
            : PathCheck.Missing;
        if (diagnostics.HasErrors)
        {
            return ParseResult<VmBootImage>.From(null, diagnostics);
        }

        // Any missing boot file means the VM cannot boot as written: it boots the built image as a whole
        // (an existing filesystem is still passed on, as a disk).
        var useImage = kernel.Path is null || (vm.Filesystem is not null && filesystem.Path is null)
            || (vm.Kernel?.Initrd is not null && initrd.Path is null);
        if (!useImage)
        {
            return ParseResult<VmBootImage>.From(new VmBootImage(kernel.Path!, initrd.Path, filesystem.Path, null, null), diagnostics);
        }

        if (_image is null)
        {
            diagnostics.Error(ImageDiagnosticCodes.NoGuestImage, location, $"vm[{vm.Name}]",
                $"vm \"{vm.Name}\": {Missing(vm, kernel, initrd, filesystem)} and no guest image is built (run: nines image build)");
            return ParseResult<VmBootImage>.From(null, diagnostics);
        }

        Warn(context, vm.Kernel?.Path, kernel, "kernel");
        Warn(context, vm.Kernel?.Initrd, initrd, "kernel/initrd");
        Warn(context, vm.Filesystem?.Path, filesystem, "filesystem");
        return ParseResult<VmBootImage>.From(
            new VmBootImage(_image.KernelPath, _image.InitrdPath, filesystem.Path, _image.KernelCommandLine, _image), diagnostics);
    }

    private static string Missing(VmSpec vm, PathCheck kernel, PathCheck initrd, PathCheck filesystem)
    {
        var missing = new List<string>();
        if (vm.Kernel is null)
        {
            missing.Add("no <kernel> is given");
        }

        foreach (var (written, check, field) in new[] { (vm.Kernel?.Path, kernel, "kernel"), (vm.Kernel?.Initrd, initrd, "kernel/initrd"), (vm.Filesystem?.Path, filesystem, "filesystem") })
        {
            if (written is not null && check.Path is null)
            {
                missing.Add($"<{field}> \"{written}\" does not exist");
            }
        }

        return string.Join(", ", missing);
    }

    private void Warn(Context context, string? written, PathCheck check, string field)
    {
        if (written is not null && check.Path is null)
        {
            context.Diagnostics.Warning(ImageDiagnosticCodes.MappedToGuestImage, context.Location, $"vm[{context.Vm}]/{field}",
                $"vm \"{context.Vm}\": <{field}> \"{written}\" does not exist; the VM boots the built guest image " +
                $"{_image!.ContentHash[..16]} (kernel {_image.KernelVersion}) instead");
        }
    }

    /// <summary>Checks one path: inside the allowed roots, and, if it exists, readable and of the right kind.</summary>
    private PathCheck Check(Context context, string field, string written, bool directoryAllowed)
    {
        var fieldPath = $"vm[{context.Vm}]/{field}";
        if (string.IsNullOrWhiteSpace(written) || written.Contains('\0', StringComparison.Ordinal))
        {
            context.Diagnostics.Error(ImageDiagnosticCodes.InvalidPath, context.Location, fieldPath,
                $"vm \"{context.Vm}\": <{field}> \"{written.Replace("\0", "\\0", StringComparison.Ordinal)}\" is not a usable path");
            return PathCheck.Missing;
        }

        var full = Path.GetFullPath(written, Path.GetFullPath(context.BaseDirectory));
        var real = RealPath.Resolve(full);
        if (!IsAllowed(full) || (real is not null && !IsAllowed(real)))
        {
            var via = real is not null && real != full && IsAllowed(full) ? $" (a symbolic link leads to {real})" : string.Empty;
            context.Diagnostics.Error(ImageDiagnosticCodes.OutsideAllowedDirectories, context.Location, fieldPath,
                $"vm \"{context.Vm}\": <{field}> \"{written}\" is outside the allowed directories{via} " +
                $"(expected a path under {string.Join(", ", _allowedRoots)})");
            return PathCheck.Missing;
        }

        if (real is null || !(File.Exists(real) || Directory.Exists(real)))
        {
            return PathCheck.Missing;
        }

        if (Directory.Exists(real) && !directoryAllowed)
        {
            context.Diagnostics.Error(ImageDiagnosticCodes.Unreadable, context.Location, fieldPath,
                $"vm \"{context.Vm}\": <{field}> \"{written}\" is a directory (expected a file)");
            return PathCheck.Missing;
        }

        if (File.Exists(real) && CannotRead(real) is { } reason)
        {
            context.Diagnostics.Error(ImageDiagnosticCodes.Unreadable, context.Location, fieldPath,
                $"vm \"{context.Vm}\": <{field}> \"{written}\" cannot be read ({reason})");
            return PathCheck.Missing;
        }

        return new PathCheck(real);
    }

    private bool IsAllowed(string path) =>
        _allowedRoots.Any(root => path == root || path.StartsWith(root.EndsWith('/') ? root : root + "/", StringComparison.Ordinal));

    private static string? CannotRead(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return e.Message;
        }
    }

    private sealed record Context(string Vm, string BaseDirectory, SourceLocation Location, DiagnosticBag Diagnostics);

    /// <summary>The real path of an existing, usable file; null when it does not exist (or failed a check).</summary>
    private sealed record PathCheck(string? Path)
    {
        public static readonly PathCheck Missing = new((string?)null);
    }
}
