using System.Globalization;
using Nines.Images.Elf;
using Nines.Images.Initramfs;
using Nines.Images.Kernel;
using Nines.Images.Manifest;
using Nines.Images.Packages;

namespace Nines.Images;

/// <content>Fetching the packages and assembling the image files in a staging directory.</content>
public sealed partial class GuestImageBuilder
{
    private const string BusyboxPackage = "busybox-static";
    private const string AgentPackage = "qemu-guest-agent";
    private const string AgentBinary = "usr/sbin/qemu-ga";

    /// <summary>How many rounds of "download the dependencies of what we have" before giving up on a library.</summary>
    private const int MaximumLibraryRounds = 4;

    private async Task<ImageManifest> AssembleAsync(
        GuestImageOptions options, string staging, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var work = Path.Combine(staging, "work");
        var output = Directory.CreateDirectory(Path.Combine(staging, "image")).FullName;
        Directory.CreateDirectory(work);

        var kernelPackage = await FindKernelPackageAsync(options.KernelMetaPackage, cancellationToken).ConfigureAwait(false);
        progress?.Report($"downloading {kernelPackage}, {BusyboxPackage}, {AgentPackage}");
        var fetched = await _packages.FetchAsync([kernelPackage, BusyboxPackage, AgentPackage], work, cancellationToken).ConfigureAwait(false);
        var kernel = fetched.Single(p => p.Name == kernelPackage);
        var busybox = fetched.Single(p => p.Name == BusyboxPackage);
        var agent = fetched.Single(p => p.Name == AgentPackage);
        var kernelVersion = kernelPackage["linux-image-".Length..];

        progress?.Report($"extracting vmlinux from {kernelPackage}");
        var bzImage = RequireFile(kernel, $"boot/vmlinuz-{kernelVersion}");
        var vmlinux = await KernelExtractor.ExtractVmlinuxAsync(_processes, await File.ReadAllBytesAsync(bzImage, cancellationToken).ConfigureAwait(false), bzImage, cancellationToken)
            .ConfigureAwait(false);
        await File.WriteAllBytesAsync(Path.Combine(output, KernelFileName), vmlinux, cancellationToken).ConfigureAwait(false);

        var modules = new KernelModuleResolver(kernel.Root, kernelVersion).Resolve(options.KernelModules);
        progress?.Report($"kernel modules: {string.Join(' ', modules.Select(m => m.Name))}");

        var agentPath = RequireFile(agent, AgentBinary);
        var (libraries, libraryPackages) = await ResolveLibrariesAsync(agentPath, agent, work, progress, cancellationToken).ConfigureAwait(false);
        progress?.Report($"qemu-ga libraries: {string.Join(' ', libraries.Select(l => Path.GetFileName(l.GuestPath)))}");

        progress?.Report("writing the initramfs");
        var content = new InitramfsContent(
            RequireFile(busybox, "bin/busybox"),
            agentPath,
            libraries,
            [.. modules.Select(m => (m.RelativePath, Path.Combine(kernel.Root, m.RelativePath)))]);
        var initrd = File.Create(Path.Combine(output, InitrdFileName));
        await using (initrd.ConfigureAwait(false))
        {
            content.WriteTo(initrd);
        }

        ManifestFile[] files =
        [
            await DescribeAsync(output, KernelFileName, cancellationToken).ConfigureAwait(false),
            await DescribeAsync(output, InitrdFileName, cancellationToken).ConfigureAwait(false),
        ];
        var packages = new List<ManifestPackage>
        {
            new(kernel.Name, kernel.Version, kernel.Sha256, "kernel"),
            new(busybox.Name, busybox.Version, busybox.Sha256, "busybox"),
            new(agent.Name, agent.Version, agent.Sha256, "agent"),
        };
        packages.AddRange(libraryPackages.Select(p => new ManifestPackage(p.Name, p.Version, p.Sha256, "library")));
        var manifest = new ImageManifest(
            ImageManifest.CurrentFormat,
            ComputeContentHash(files, options.KernelCommandLine),
            kernelVersion,
            options.KernelCommandLine,
            GuestImage.DefaultMinimumMemoryMiB,
            files,
            packages,
            [.. modules.Select(m => m.Name)],
            [.. libraries.Select(l => "/" + l.GuestPath)]);
        await File.WriteAllTextAsync(Path.Combine(output, ImageManifest.FileName), manifest.ToJson(), cancellationToken).ConfigureAwait(false);
        var seconds = _time.GetElapsedTime(started).TotalSeconds;
        progress?.Report(string.Create(CultureInfo.InvariantCulture, $"built image {manifest.ContentHash[..16]} in {seconds:0.0} s"));
        return manifest;
    }

    /// <summary>The concrete kernel package (<c>linux-image-6.1.0-NN-amd64</c>) the meta-package points at.</summary>
    private async Task<string> FindKernelPackageAsync(string metaPackage, CancellationToken cancellationToken)
    {
        var dependencies = await _packages.GetDependenciesAsync(metaPackage, cancellationToken).ConfigureAwait(false);
        return dependencies.FirstOrDefault(d => d.StartsWith("linux-image-", StringComparison.Ordinal))
            ?? throw new GuestImageException($"{metaPackage} depends on no linux-image-* package (its dependencies: {string.Join(", ", dependencies)})");
    }

    /// <summary>
    /// Downloads the packages holding qemu-ga's libraries: first its own dependencies, then, while a soname
    /// is still missing, the dependencies of the library packages fetched so far. Only the libraries the
    /// binary actually loads are kept, so the extra packages cost a download but no space in the guest.
    /// </summary>
    private async Task<(IReadOnlyList<ResolvedFile> Files, IReadOnlyList<DebianPackage> Packages)> ResolveLibrariesAsync(
        string agentPath, DebianPackage agent, string work, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var binary = ElfFile.Read(agentPath);
        var fetched = new List<DebianPackage>();
        var asked = new HashSet<string>(StringComparer.Ordinal) { agent.Name, BusyboxPackage };
        var wanted = await _packages.GetDependenciesAsync(agent.Name, cancellationToken).ConfigureAwait(false);
        for (var round = 1; ; round++)
        {
            var batch = wanted.Where(asked.Add).ToList();
            if (batch.Count > 0)
            {
                progress?.Report($"downloading {string.Join(", ", batch)}");
                fetched.AddRange(await _packages.FetchAsync(batch, work, cancellationToken).ConfigureAwait(false));
            }

            var resolution = SharedLibraryResolver.Resolve(binary, [agent, .. fetched]);
            if (resolution.Unresolved.Count == 0)
            {
                var used = resolution.Files.Select(f => f.Package).Where(p => p != agent).Distinct().OrderBy(p => p.Name, StringComparer.Ordinal);
                return (resolution.Files, [.. used]);
            }

            if (batch.Count == 0 || round >= MaximumLibraryRounds)
            {
                throw new GuestImageException(
                    $"{AgentBinary} needs {string.Join(", ", resolution.Unresolved)}, which no downloaded package provides " +
                    $"(searched {string.Join(", ", fetched.Select(p => p.Name))})");
            }

            var next = new List<string>();
            foreach (var package in fetched)
            {
                next.AddRange(await _packages.GetDependenciesAsync(package.Name, cancellationToken).ConfigureAwait(false));
            }

            wanted = next;
        }
    }

    private static string RequireFile(DebianPackage package, string relativePath)
    {
        var path = SharedLibraryResolver.ResolveInside(package.Root, relativePath);
        return path ?? throw new GuestImageException($"package {package.Name} {package.Version} has no /{relativePath}");
    }
}
