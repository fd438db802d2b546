using System.Text;

namespace Nines.Images.Initramfs;

/// <summary>
/// The scripts and configuration files of the guest. PID 1 is busybox <c>init</c> (after <c>/init</c> has
/// installed the applet links) rather than a shell or <c>sleep</c>: init reaps the orphans that guest-exec
/// leaves behind, and its <c>poweroff</c>/<c>reboot</c> run the shutdown actions before the kernel powers
/// off — which is what both the guest agent's guest-shutdown and the ACPI power button end in.
/// </summary>
internal static class GuestScripts
{
    /// <summary>The line printed on the console once the guest agent is running (or known to be absent).</summary>
    public const string ReadyMarker = "NINES-GUEST-READY";

    /// <summary>The virtio-serial port name QEMU and qemu-ga agree on.</summary>
    public const string AgentPortName = "org.qemu.guest_agent.0";

    /// <summary>
    /// What the kernel runs first. The applet links are made at boot rather than stored in the archive so the
    /// image needs no list of applets that could drift from the busybox binary.
    /// </summary>
    public static string Init => """
        #!/bin/busybox sh
        # Nines guest: make the busybox applet links, then hand PID 1 to busybox init (see /etc/inittab).
        /bin/busybox --install -s
        exec /bin/busybox init

        """;

    /// <summary>busybox init's table: one-time setup, a console shell only on demand, and the shutdown hook.</summary>
    public static string Inittab => """
        ::sysinit:/etc/init.d/rcS
        ttyS0::askfirst:-/bin/sh
        ::ctrlaltdel:/sbin/reboot
        ::shutdown:/etc/init.d/rcK

        """;

    /// <summary>
    /// qemu-ga's guest-shutdown runs <c>/sbin/shutdown -P|-H|-r +0 MESSAGE</c>; busybox has no shutdown
    /// applet, so this maps the flag to the matching busybox command, which signals init.
    /// </summary>
    public static string Shutdown => """
        #!/bin/sh
        # Called by qemu-ga (guest-shutdown) as: shutdown -P|-H|-r +0 MESSAGE
        case "$1" in
          -r) exec /sbin/reboot ;;
          -H) exec /sbin/halt ;;
          *) exec /sbin/poweroff ;;
        esac

        """;

    /// <summary>busybox acpid runs /etc/acpi/PWRF/00000080 when the ACPI power button is pressed (QMP system_powerdown).</summary>
    public static string PowerButton => """
        #!/bin/sh
        exec /sbin/poweroff

        """;

    /// <summary>Stops the agent cleanly so its last reply is not cut off, and flushes what little state there is.</summary>
    public static string Rck => """
        #!/bin/sh
        [ -f /run/qemu-ga.pid ] && kill "$(cat /run/qemu-ga.pid)" 2>/dev/null
        sync

        """;

    public static string Passwd => "root:x:0:0:root:/root:/bin/sh\n";

    public static string Group => "root:x:0:\n";

    /// <summary>
    /// The one-time setup: file systems, kernel modules in dependency order, loopback, ACPI button daemon,
    /// then the guest agent on its virtio-serial port, whose device appears shortly after the console
    /// module binds — hence the bounded poll (30 × 0.1 s).
    /// </summary>
    /// <param name="modulePaths">Absolute guest paths of the modules, dependencies first.</param>
    public static string Rcs(IEnumerable<string> modulePaths)
    {
        var text = new StringBuilder();
        text.Append("""
            #!/bin/sh
            mount -t proc proc /proc
            mount -t sysfs sysfs /sys
            mount -t devtmpfs devtmpfs /dev
            mkdir -p /dev/pts /dev/shm
            mount -t devpts devpts /dev/pts
            mount -t tmpfs -o mode=0755,nosuid,nodev tmpfs /run
            hostname nines-guest
            for module in \

            """);
        foreach (var path in modulePaths)
        {
            text.Append("    ").Append(path).Append(" \\\n");
        }

        text.Append($$"""
            ; do
              insmod "$module" || echo "nines: insmod $module failed"
            done
            ip link set lo up
            acpid -l /run/acpid.log
            port=
            tries=0
            while [ -z "$port" ] && [ "$tries" -lt 30 ]; do
              for name in /sys/class/virtio-ports/*/name; do
                [ -f "$name" ] || continue
                if [ "$(cat "$name")" = "{{AgentPortName}}" ]; then
                  device=/dev/$(basename "$(dirname "$name")")
                  [ -c "$device" ] && port=$device
                fi
              done
              [ -n "$port" ] || sleep 0.1
              tries=$((tries + 1))
            done
            if [ -n "$port" ]; then
              mkdir -p /run/qemu-ga
              qemu-ga -m virtio-serial -p "$port" -d -f /run/qemu-ga.pid -t /run/qemu-ga -l /run/qemu-ga.log \
                || echo "nines: qemu-ga failed to start"
            else
              echo "nines: no virtio-serial port named {{AgentPortName}}; guest agent not started"
            fi
            echo {{ReadyMarker}}

            """);
        return text.ToString();
    }
}
