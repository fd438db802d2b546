using Nines.Domain.Scenarios;
using Nines.Drivers.Mapping;

namespace Nines.Drivers.HostPaths;

/// <summary>Every host path a scenario VM or a driver definition names, with its field and what it must be.</summary>
public static class HostPathUses
{
    /// <summary>
    /// The host paths of a scenario VM (defaults applied): kernel, initrd, filesystem (a <c>hostfs</c> one is a directory),
    /// image, and each disk's file reference. Fields are written like the scenario diagnostics' (<c>vm[r1]/kernel</c>).
    /// A guest's kernel, initrd and filesystem may be missing (the guest image replaces them); what an OS-level VM
    /// ignores may be missing too, but its <c>hostfs</c> root may not.
    /// </summary>
    public static IEnumerable<HostPathUse> Of(VmSpec vm)
    {
        ArgumentNullException.ThrowIfNull(vm);
        var osLevel = VmDefinitionMapper.IsOsLevel(vm);
        var prefix = $"vm[{vm.Name}]";
        if (vm.Kernel is { } kernel)
        {
            yield return new HostPathUse($"{prefix}/kernel", kernel.Path, HostPathKind.File, MayBeMissing: true);
            if (kernel.Initrd is { } initrd)
            {
                yield return new HostPathUse($"{prefix}/kernel/initrd", initrd, HostPathKind.File, MayBeMissing: true);
            }
        }

        if (vm.Filesystem is { } filesystem)
        {
            var kind = filesystem.Type == FilesystemType.HostFs ? HostPathKind.Directory : HostPathKind.File;
            var root = osLevel && filesystem.Type == FilesystemType.HostFs;
            yield return new HostPathUse($"{prefix}/filesystem", filesystem.Path, kind, MayBeMissing: !root);
        }

        if (vm.Image is { } image)
        {
            yield return new HostPathUse($"{prefix}/image", ImageReference.PathOf(image), HostPathKind.File, MayBeMissing: osLevel);
        }

        foreach (var disk in vm.Disks.Where(d => d.File is not null))
        {
            yield return new HostPathUse($"{prefix}/disk[{disk.Id}]/file", disk.File!, HostPathKind.PackageReference, MayBeMissing: true);
        }
    }

    /// <summary>
    /// The host paths a driver definition makes the host read: boot kernel, initrd and disk image, and an instance's root
    /// directory. Fields as <c>VmDefinitionValidator</c> names them (<c>vm[uml1].boot.kernel</c>).
    /// </summary>
    public static IEnumerable<HostPathUse> Of(VmDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        foreach (var (field, path) in definition.Boot.Paths())
        {
            yield return new HostPathUse($"vm[{definition.Name}].{field}", path, HostPathKind.File, MayBeMissing: true);
        }

        if (definition.Container?.RootDirectory is { } root)
        {
            yield return new HostPathUse($"vm[{definition.Name}].container.rootDirectory", root, HostPathKind.Directory, MayBeMissing: true);
        }
    }
}
