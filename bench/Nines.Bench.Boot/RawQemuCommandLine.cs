using System.Globalization;
using Nines.Drivers;
using Nines.Images;

namespace Nines.Bench.Boot;

/// <summary>
/// Stand-in for the QEMU driver's command line (see <see cref="DriverPlug"/>): the devices the issue's machine facts
/// list (machine <c>pc</c>, PVH direct kernel boot, QMP socket, guest agent on virtio-serial, balloon, restricted
/// user-mode NICs, console on a log file).
/// </summary>
internal static class RawQemuCommandLine
{
    public const string Program = "qemu-system-x86_64";

    public static RawLaunch Build(VmDefinition definition, string accelerator)
    {
        var run = definition.RunDirectory ?? throw new ArgumentException("the benchmark gives every guest a run directory", nameof(definition));
        var console = Path.Combine(run, "console.log");
        var args = new List<string>
        {
            "-name", definition.Id,
            "-machine", "pc",
            "-accel", accelerator,
            "-m", definition.MemoryMiB.ToString(CultureInfo.InvariantCulture),
            "-smp", definition.Vcpus.ToString(CultureInfo.InvariantCulture),
            "-nodefaults", "-no-user-config", "-display", "none",
            "-kernel", definition.Boot.KernelPath ?? throw new ArgumentException("the benchmark boots the guest image's kernel", nameof(definition)),
        };
        if (definition.Boot.InitrdPath is { } initrd)
        {
            args.AddRange(["-initrd", initrd]);
        }

        args.AddRange(["-append", definition.Boot.CommandLine ?? GuestImage.DefaultKernelCommandLine]);
        args.AddRange(["-chardev", $"file,id=console0,path={console}", "-serial", "chardev:console0"]);
        args.AddRange(["-qmp", $"unix:{Path.Combine(run, "qmp.sock")},server=on,wait=off"]);
        args.AddRange(["-pidfile", Path.Combine(run, "qemu.pid")]);
        if (definition.GuestAgent)
        {
            args.AddRange([
                "-device", "virtio-serial",
                "-chardev", $"socket,path={Path.Combine(run, "qga.sock")},server=on,wait=off,id=qga0",
                "-device", $"virtserialport,chardev=qga0,name={GuestImage.AgentPortName}"]);
        }

        args.AddRange(["-device", "virtio-balloon"]);
        foreach (var nic in definition.Nics)
        {
            args.AddRange(["-netdev", $"user,id=net{nic.Id},restrict=on", "-device", $"virtio-net-pci,netdev=net{nic.Id},mac={nic.Mac}"]);
        }

        return new RawLaunch(args, console);
    }
}
