using Nines.Domain;
using Nines.Domain.Diagnostics;
using Nines.Domain.Scenarios;

namespace Nines.Drivers.Mapping;

/// <summary>
/// Turns a scenario VM (as written, defaults applied) into the <see cref="VmDefinition"/> a driver runs.
/// </summary>
/// <remarks>
/// Defaults and rules:
/// <list type="bullet">
/// <item>Id: <c>scenario.vm</c>, so two scenarios' VMs of the same name do not share run files.</item>
/// <item>Memory: the VM's <c>&lt;mem&gt;</c> (rounded up to MiB), else 128 MiB. A size below the guest image's 96 MiB
/// (VNUML UML guests had 64M) is raised to 128 MiB with a warning when the guest image is booted.</item>
/// <item>vCPUs: the VM's, else 1.</item>
/// <item>Boot: a native/OVF <c>Image</c> is the disk. Otherwise a VNUML <c>&lt;kernel&gt;</c> that exists is booted with
/// the <c>&lt;filesystem&gt;</c> (when it exists) as its disk; a kernel or filesystem that does not exist is replaced by
/// the guest image with a warning (VNUML's UML kernels and root filesystems are not on a Nines host).</item>
/// <item>NICs: in interface order; the interface's own MAC, else VNUML's automac (<see cref="MacAddress.AutoMac"/>)
/// from the VM's number in boot order and the interface id, shifted by <c>&lt;automac offset&gt;</c>. Interfaces get a
/// derived MAC even without <c>&lt;automac&gt;</c> (offset 0): QEMU would otherwise give every VM the same one.</item>
/// <item>Watchdog: none (the scenario languages cannot ask for one yet); guest agent on; QoS passed through;
/// run directory <c>RunRoot/id</c> when a root is given.</item>
/// <item>OS-level VMs (<c>type: os</c>, native format only: VNUML 1.8 and 1.91 have no such type) become instances: a
/// <see cref="ContainerDefinition"/> running the idle init (commands come through exec sequences), rooted in the
/// VM's <c>hostfs</c> filesystem directory when it has one, else the busybox root; nothing to boot. Memory is the
/// memory limit (never raised: no kernel to fit); vCPUs written for the VM cap its CPU time at 100 % per vCPU
/// unless its QoS sets a quota. A kernel, image or non-<c>hostfs</c> filesystem is ignored with a warning. NICs and
/// MACs are mapped as for guests, so the network plan gives each a veth where a guest would get a tap.</item>
/// </list>
/// </remarks>
public static class VmDefinitionMapper
{
    public const string MemoryRaised = "NX7101";
    public const string KernelReplaced = "NX7102";
    public const string FilesystemReplaced = "NX7103";
    public const string OsLevelIgnored = "NX7104";

    /// <summary>The scenario VM <c>type</c> of an OS-level instance (native format).</summary>
    public const string OsLevelType = "os";

    /// <summary>True when <paramref name="vm"/> is an OS-level instance (<c>type: os</c>), run by the container driver.</summary>
    public static bool IsOsLevel(VmSpec vm)
    {
        ArgumentNullException.ThrowIfNull(vm);
        return string.Equals(vm.Type, OsLevelType, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Maps every VM of <paramref name="document"/>, in document order, with warnings located where each VM was written.</summary>
    public static ParseResult<IReadOnlyList<VmDefinition>> MapAll(ScenarioDocument document, VmMappingOptions options)
    {
        ArgumentNullException.ThrowIfNull(document);
        var bag = new DiagnosticBag();
        var definitions = document.Scenario.Vms
            .Select(vm => Map(document.Scenario, vm, options, bag, document.Map.Locate(vm)))
            .ToList();
        return ParseResult<IReadOnlyList<VmDefinition>>.From(definitions, bag);
    }

    /// <summary>Maps one VM of <paramref name="scenario"/>; warnings go to <paramref name="diagnostics"/>.</summary>
    public static VmDefinition Map(Scenario scenario, VmSpec vm, VmMappingOptions options, DiagnosticBag diagnostics, SourceLocation location)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(vm);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var effective = scenario.Effective(vm);
        var id = $"{scenario.Name}.{vm.Name}";
        var context = new Context(vm.Name, location, diagnostics);
        var vmNumber = BootOrder(scenario).IndexOf(vm) + 1;
        var offset = scenario.AutoMac?.Offset ?? 0;
        var nics = ValueList.From(effective.Interfaces.Select(nic =>
            new NicDefinition(nic.Id, nic.Mac ?? MacAddress.AutoMac(vmNumber, nic.Id, offset), nic.Network)));
        var runDirectory = options.RunRoot is null ? null : Path.Join(options.RunRoot, id);
        if (IsOsLevel(effective))
        {
            return MapInstance(id, effective, options, context) with { Nics = nics, RunDirectory = runDirectory };
        }

        var boot = MapBoot(effective, options, context, out var usesGuestImage);
        return new VmDefinition(
            id,
            vm.Name,
            MapMemory(effective, options, usesGuestImage, context),
            effective.Vcpus ?? options.DefaultVcpus,
            boot,
            nics,
            Qos: effective.Qos,
            RunDirectory: runDirectory);
    }

    /// <summary>
    /// VMs in VNUML's boot order, which numbers them for automac: VMs with an <c>order</c> first (ascending, ties in
    /// document order), then the others in document order.
    /// </summary>
    public static List<VmSpec> BootOrder(Scenario scenario) => [.. AutoMacAddresses.BootOrder(scenario)];

    /// <summary>An OS-level VM: no boot source, a container definition, limits from memory, vCPUs and QoS.</summary>
    private static VmDefinition MapInstance(string id, VmSpec vm, VmMappingOptions options, Context context)
    {
        string? root = null;
        if (vm.Filesystem is { Type: FilesystemType.HostFs } hostfs)
        {
            root = hostfs.Path;
        }
        else if (vm.Filesystem is { } filesystem)
        {
            context.Warn(OsLevelIgnored, "filesystem", $"an OS-level VM's root is a host directory (type hostfs); filesystem \"{filesystem.Path}\" is ignored and the busybox root used");
        }

        if (vm.Kernel is { } kernel)
        {
            context.Warn(OsLevelIgnored, "kernel", $"an OS-level VM boots no kernel; kernel \"{kernel.Path}\" is ignored");
        }

        if (vm.Image is { } image)
        {
            context.Warn(OsLevelIgnored, "image", $"an OS-level VM boots no disk image; image \"{image}\" is ignored");
        }

        // vCPUs written for the VM are a promise of CPU time: without a quota of its own, hold it to one CPU per vCPU.
        var qos = vm.Qos;
        if (vm.Vcpus is { } vcpus && qos?.CpuQuotaPercent is null)
        {
            qos = (qos ?? new QosSpec()) with { CpuQuotaPercent = vcpus * 100 };
        }

        return new VmDefinition(
            id,
            vm.Name,
            vm.MemoryMiB ?? options.DefaultMemoryMiB,
            vm.Vcpus ?? options.DefaultVcpus,
            new BootSource(),
            Qos: qos,
            Container: new ContainerDefinition(RootDirectory: root));
    }

    private static long MapMemory(VmSpec vm, VmMappingOptions options, bool usesGuestImage, Context context)
    {
        var memory = vm.MemoryMiB ?? options.DefaultMemoryMiB;
        if (usesGuestImage && memory < options.GuestImageMinimumMemoryMiB)
        {
            context.Warn(MemoryRaised, "mem", $"{memory} MiB is below the {options.GuestImageMinimumMemoryMiB} MiB the guest image needs; using {options.DefaultMemoryMiB} MiB");
            return options.DefaultMemoryMiB;
        }

        return memory;
    }

    private static BootSource MapBoot(VmSpec vm, VmMappingOptions options, Context context, out bool usesGuestImage)
    {
        usesGuestImage = false;
        if (vm.Image is { } image)
        {
            // The pin names the revision (scenario diffs and digests see it) and travels beside the file, which the
            // host checks against it before it defines the VM; the driver is given the file only.
            var reference = ImageReference.TryParse(image, out var parsed, out _) ? parsed! : new ImageReference(image);
            return new BootSource(DiskImagePath: reference.Name, DiskImageDigest: reference.Digest);
        }

        var guestImage = new BootSource(options.GuestKernelPath, options.GuestInitrdPath, options.CommandLine);
        var kernel = vm.Kernel;
        if (kernel is not null && !options.PathExists(kernel.Path))
        {
            context.Warn(KernelReplaced, "kernel", $"kernel \"{kernel.Path}\" does not exist on this host; booting the guest image instead");
            kernel = null;
        }

        var filesystem = vm.Filesystem;
        if (filesystem is not null && !options.PathExists(filesystem.Path))
        {
            context.Warn(FilesystemReplaced, "filesystem", $"filesystem \"{filesystem.Path}\" does not exist on this host; booting the guest image instead");
            filesystem = null;
        }

        if (kernel is not null)
        {
            var root = kernel.Root is null ? string.Empty : $" root={kernel.Root}";
            return new BootSource(kernel.Path, kernel.Initrd, options.CommandLine + root, filesystem?.Path);
        }

        if (filesystem is not null)
        {
            return new BootSource(DiskImagePath: filesystem.Path);
        }

        usesGuestImage = true;
        return guestImage;
    }

    private sealed record Context(string VmName, SourceLocation Location, DiagnosticBag Bag)
    {
        public void Warn(string code, string field, string message) =>
            Bag.Warning(code, Location, $"vm[{VmName}]/{field}", $"vm \"{VmName}\": {message}");
    }
}
