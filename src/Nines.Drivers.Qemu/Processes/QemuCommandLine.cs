using System.Globalization;

namespace Nines.Drivers.Qemu.Processes;

/// <summary>
/// The QEMU arguments for a <see cref="VmDefinition"/>: a pure function of the definition, the accelerator and
/// the run directory, so a restore (<c>-incoming</c>) gets exactly the machine that was suspended.
/// </summary>
/// <remarks>
/// <c>-name id,process=…</c> makes it recognisable in <c>ps</c> and in <c>/proc/PID/cmdline</c>; devices are explicit
/// (<c>-nodefaults</c>). Confinement: <see cref="Sandbox"/> always, <c>-runas UID:GID</c> when the driver runs as root.
/// No <c>-daemonize</c>: its fork is what <c>spawn=deny</c> forbids; the driver detaches QEMU itself (<c>setsid</c>).
/// </remarks>
internal static class QemuCommandLine
{
    /// <summary>The id of the balloon device, for <c>qom-get</c> of its guest statistics.</summary>
    public const string BalloonId = "balloon0";

    /// <summary>
    /// QEMU's seccomp filter: obsolete system calls, <c>fork</c>/<c>execve</c> and scheduling/affinity/priority calls
    /// (the driver places vCPU threads from outside) are denied. <c>elevateprivileges=deny</c> is left out: QEMU 7.2
    /// installs the filter before <c>-runas</c> drops root, so it would kill its own <c>setgid</c>; once dropped, QEMU has no
    /// capability to elevate with and cannot exec a set-uid program.
    /// </summary>
    public const string Sandbox = "on,obsolete=deny,spawn=deny,resourcecontrol=deny";

    /// <summary>The <c>-name</c> value: the VM id, then the host process name.</summary>
    public static string NameArgument(string vmId) => $"{vmId},process=nines-{vmId}";

    /// <summary>The arguments, in a fixed order.</summary>
    /// <param name="incoming">Start waiting for <c>migrate-incoming</c> (restore) instead of running.</param>
    /// <param name="user">The user QEMU drops to once it has opened its files, taps and sockets; null keeps the launching user.</param>
    /// <exception cref="ArgumentException">A NIC attachment is not <c>user</c>, <c>none</c>, <c>tap:NAME</c> or null.</exception>
    public static IReadOnlyList<string> Build(VmDefinition definition, string accelerator, QemuRunDirectory run, bool incoming = false, QemuGuestUser? user = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var args = new List<string>
        {
            "-name", NameArgument(definition.Id),
            "-machine", "pc",
            "-accel", accelerator,
            "-nodefaults", "-no-user-config", "-display", "none",
            "-m", definition.MemoryMiB.ToString(CultureInfo.InvariantCulture),
            "-smp", definition.Vcpus.ToString(CultureInfo.InvariantCulture),
        };
        AddBoot(args, definition.Boot);
        args.AddRange(["-serial", $"file:{run.ConsoleLog}"]);
        args.AddRange(["-qmp", $"unix:{run.QmpSocket},server=on,wait=off"]);
        if (definition.GuestAgent)
        {
            args.AddRange(
            [
                "-chardev", $"socket,path={Escape(run.AgentSocket)},server=on,wait=off,id=qga0",
                "-device", "virtio-serial-pci,id=serial0",
                "-device", "virtserialport,chardev=qga0,name=org.qemu.guest_agent.0",
            ]);
        }

        args.AddRange(["-device", $"virtio-balloon-pci,id={BalloonId}"]);
        args.AddRange(["-device", "pvpanic", "-action", "panic=shutdown"]);
        if (definition.Watchdog is { } watchdog)
        {
            args.AddRange(["-device", "i6300esb", "-action", $"watchdog={WatchdogAction(watchdog.Action)}"]);
        }

        foreach (var nic in definition.Nics)
        {
            AddNic(args, nic);
        }

        if (incoming)
        {
            args.AddRange(["-incoming", "defer"]);
        }

        args.AddRange(["-sandbox", Sandbox]);
        if (user is not null)
        {
            args.AddRange(["-runas", user.RunAs]);
        }

        args.AddRange(["-pidfile", run.PidFile]);
        return args;
    }

    /// <summary>QEMU's name for a watchdog action.</summary>
    public static string WatchdogAction(WatchdogAction action) => action switch
    {
        Drivers.WatchdogAction.Reset => "reset",
        Drivers.WatchdogAction.Poweroff => "poweroff",
        Drivers.WatchdogAction.Shutdown => "shutdown",
        Drivers.WatchdogAction.Pause => "pause",
        Drivers.WatchdogAction.None => "none",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "unknown watchdog action"),
    };

    /// <summary>The host tap a NIC is on, or null when it is not on a tap.</summary>
    public static string? TapName(NicDefinition nic) =>
        nic.Attachment is { } attachment && attachment.StartsWith("tap:", StringComparison.Ordinal) ? attachment["tap:".Length..] : null;

    private static void AddBoot(List<string> args, BootSource boot)
    {
        if (boot.KernelPath is { } kernel)
        {
            args.AddRange(["-kernel", kernel]);
            if (boot.InitrdPath is { } initrd)
            {
                args.AddRange(["-initrd", initrd]);
            }

            if (boot.CommandLine is { } commandLine)
            {
                args.AddRange(["-append", commandLine]);
            }
        }

        if (boot.DiskImagePath is { } disk)
        {
            // snapshot=on: writes go to a temporary overlay, so one image serves many VMs (VNUML's copy-on-write) and is never changed.
            var format = disk.EndsWith(".qcow2", StringComparison.OrdinalIgnoreCase) ? "qcow2" : "raw";
            args.AddRange(["-drive", $"file={Escape(disk)},if=none,id=disk0,format={format},snapshot=on", "-device", "virtio-blk-pci,drive=disk0"]);
        }
    }

    private static void AddNic(List<string> args, NicDefinition nic)
    {
        var id = $"net{nic.Id.ToString(CultureInfo.InvariantCulture)}";
        var device = $"virtio-net-pci,mac={nic.Mac},id=nic{nic.Id.ToString(CultureInfo.InvariantCulture)}";
        switch (nic.Attachment)
        {
            case null or "user":
                // restrict=on: the guest reaches nothing outside this VM (tests must not touch the real network).
                args.AddRange(["-netdev", $"user,id={id},restrict=on", "-device", $"{device},netdev={id}"]);
                break;
            case "none":
                args.AddRange(["-device", device]);
                break;
            case var tap when TapName(nic) is { Length: > 0 } name && IsSafeInterfaceName(name):
                // csum=off: the guest computes its own TCP/UDP checksums. Open vSwitch's userspace datapath forwards the
                // tap's frames as they are, so a packet left to offload (partial checksum) would be dropped at its receiver.
                args.AddRange(["-netdev", $"tap,id={id},ifname={name},script=no,downscript=no", "-device", $"{device},csum=off,netdev={id}"]);
                break;
            default:
                throw new ArgumentException($"nic {nic.Id}: attachment \"{nic.Attachment}\" is not user, none or tap:NAME (NAME 1-15 of A-Z a-z 0-9 . _ -)", nameof(nic));
        }
    }

    /// <summary>Linux interface names: 1-15 characters, none of which would break QEMU's option syntax.</summary>
    private static bool IsSafeInterfaceName(string name) =>
        name.Length is > 0 and <= 15 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    /// <summary>QEMU option values separate with commas; a literal comma is written twice.</summary>
    private static string Escape(string value) => value.Replace(",", ",,", StringComparison.Ordinal);
}
