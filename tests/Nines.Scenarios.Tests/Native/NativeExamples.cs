using Nines.Domain;
using Nines.Domain.Scenarios;

namespace Nines.Scenarios.Tests.Native;

/// <summary>A native file using every feature of the schema (the README's example) and the model it means.</summary>
internal static class NativeExamples
{
    /// <summary>Written the way <c>NativeScenarioWriter</c> writes it, so it is also the writer's expected output.</summary>
    public const string Complete = """
        nines: 1
        name: tutorial
        version: "1.8"
        tenant: lab
        automac: {offset: 0}
        management: private
        defaults:
          memory: 64M
          vcpus: 1
          kernel: {path: /usr/share/vnuml/kernels/linux, initrd: /boot/initrd.img, root: /dev/ubda, modules: /lib/modules}
          filesystem: {path: /usr/share/vnuml/filesystems/root_fs_tutorial}
          exec_mode: mconsole
          shell: /bin/sh
          basedir: /var/vnuml
          consoles:
            - {id: 0, kind: xterm}
          routes:
            - {to: default, via: 10.0.0.254}
          forwarding: ipv4
          users:
            - {name: admin, group: wheel, groups: [adm, sudo], ssh_keys: [ssh-ed25519 AAAA admin@lab]}
          file_trees:
            - {seq: start, root: /etc/app, source: conf/app}
          qos: {cpu_shares: 1024}
        networks:
          - name: Net0
            vlan: 10
            external: eth1
          - name: Net1
            mode: uml_switch
            type: ppp
            bandwidth: 1000000
            socket: /tmp/net1.sock
            hub: true
            shared: true
        vms:
          - name: uml1
            type: uml
            subtype: kvm
            os: linux
            order: 1
            memory: 256M
            vcpus: 2
            kernel: {path: /boot/vmlinuz}
            filesystem: {path: /images/uml1.img, type: direct}
            exec_mode: net
            shell: /bin/bash
            basedir: /srv/uml1
            disks:
              - {id: data, capacity: 10G, file: /images/data.qcow2, format: qcow2}
            consoles:
              - {id: 0, kind: xterm}
              - {id: 1, kind: pts}
            interfaces:
              - {id: 1, network: Net0, mac: '02:fd:00:00:01:01', ipv4: [10.0.0.1/24], ipv6: ['2001:db8::1/64']}
              - {id: 2, network: Net1, ipv4: [10.0.1.1/30]}
            routes:
              - {to: default, via: 10.0.0.3}
              - {to: '2001:db8:1::/48', via: 'fe80::1'}
            forwarding: ip
            users:
              - {name: root}
            file_trees:
              - {seq: start, root: /root, source: conf/uml1, user: root}
            execs:
              - seq: start
                command: "echo 'up: yes' # marker"
                mode: net
              - seq: stop
                type: file
                command: /etc/stop.sh
                user: root
                gui: false
            qos: {cpu_shares: 512, cpu_quota_percent: 50, cpu_pinning: 0-1, memory_limit: 512M, realtime_priority: 10}
            properties:
              - key: hostname
                type: string
                value: uml1
                label: Host name
                description: "The guest's host name: shown in prompts"
                user_configurable: true
                qualifiers: MaxLen(63)
          - name: csr
            image: csr1000v.qcow2
        host:
          interfaces:
            - {network: Net0, ipv4: [10.0.0.3/24], ipv6: ['2001:db8::3/64']}
          physical_interfaces:
            - {name: eth1, address: 192.168.1.10, mask: 255.255.255.0, gateway: 192.168.1.1}
          routes:
            - {to: 10.0.1.0/30, via: 10.0.0.1}
          forwarding: ip
          execs:
            - seq: start
              command: ip link set dev eth1 up
        redundancy_groups:
          - name: web
            model: N+M
            members: [uml1, csr]
            actives: 1
            standbys: 1
            preferred_hosts: [h1]
        placement:
          - rule: anti_affinity
            vms: [uml1, csr]
          - rule: network_at
            networks: [Net1]
            host: h2
            hard: false

        """;

    public static Scenario CompleteModel { get; } = new(
        "tutorial",
        Version: "1.8",
        Tenant: "lab",
        AutoMac: new AutoMacSpec(0),
        ManagementNetwork: "private",
        Defaults: new VmDefaults(
            MemoryKiB: 64 * 1024,
            Vcpus: 1,
            Kernel: new KernelSpec("/usr/share/vnuml/kernels/linux", "/boot/initrd.img", "/dev/ubda", "/lib/modules"),
            Filesystem: new FilesystemSpec("/usr/share/vnuml/filesystems/root_fs_tutorial", FilesystemType.Cow),
            ExecMode: "mconsole",
            Shell: "/bin/sh",
            Basedir: "/var/vnuml",
            Consoles: ValueList.Of(new ConsoleSpec(0, "xterm")),
            Routes: ValueList.Of(new RouteSpec(IpFamily.Ipv4, "default", "10.0.0.254")),
            Forwarding: Forwarding.Ipv4,
            Users: ValueList.Of(new UserSpec("admin", "wheel", ValueList.Of("adm", "sudo"), ValueList.Of("ssh-ed25519 AAAA admin@lab"))),
            FileTrees: ValueList.Of(new FileTreeSpec("start", "/etc/app", "conf/app")),
            Qos: new QosSpec(CpuShares: 1024)),
        Networks:
        ValueList.Of(
            new NetworkSpec("Net0", Vlan: 10, External: "eth1"),
            new NetworkSpec("Net1", NetworkMode.UmlSwitch, NetworkType.Ppp, Bandwidth: 1_000_000, Socket: "/tmp/net1.sock", Hub: true, Shared: true)
        ),
        Vms:
        ValueList.Of(
            new VmSpec(
                "uml1",
                Type: "uml",
                Subtype: "kvm",
                Os: "linux",
                Order: 1,
                MemoryKiB: 256 * 1024,
                Vcpus: 2,
                Kernel: new KernelSpec("/boot/vmlinuz"),
                Filesystem: new FilesystemSpec("/images/uml1.img", FilesystemType.Direct),
                ExecMode: "net",
                Shell: "/bin/bash",
                Basedir: "/srv/uml1",
                Disks: ValueList.Of(new DiskSpec("data", 10L << 30, "/images/data.qcow2", "qcow2")),
                Consoles: ValueList.Of(new ConsoleSpec(0, "xterm"), new ConsoleSpec(1, "pts")),
                Interfaces:
                ValueList.Of(
                    new InterfaceSpec(1, "Net0", "02:fd:00:00:01:01", ValueList.Of(new IpAddressSpec("10.0.0.1", 24)), ValueList.Of(new IpAddressSpec("2001:db8::1", 64))),
                    new InterfaceSpec(2, "Net1", Ipv4: ValueList.Of(new IpAddressSpec("10.0.1.1", 30)))
                ),
                Routes: ValueList.Of(new RouteSpec(IpFamily.Ipv4, "default", "10.0.0.3"), new RouteSpec(IpFamily.Ipv6, "2001:db8:1::/48", "fe80::1")),
                Forwarding: Forwarding.Ip,
                Users: ValueList.Of(new UserSpec("root")),
                FileTrees: ValueList.Of(new FileTreeSpec("start", "/root", "conf/uml1", "root")),
                Execs:
                ValueList.Of(
                    new ExecSpec("start", ExecType.Verbatim, "echo 'up: yes' # marker", Mode: "net"),
                    new ExecSpec("stop", ExecType.File, "/etc/stop.sh", User: "root", Gui: false)
                ),
                Qos: new QosSpec(512, 50, "0-1", 512, 10),
                Properties: ValueList.Of(new PropertySpec("hostname", "string", "uml1", "Host name", "The guest's host name: shown in prompts", true, "MaxLen(63)"))),
            new VmSpec("csr", Image: "csr1000v.qcow2")
        ),
        Host: new HostSection(
            Interfaces: ValueList.Of(new HostInterfaceSpec("Net0", ValueList.Of(new IpAddressSpec("10.0.0.3", 24)), ValueList.Of(new IpAddressSpec("2001:db8::3", 64)))),
            PhysicalInterfaces: ValueList.Of(new PhysicalInterfaceSpec("eth1", IpFamily.Ipv4, "192.168.1.10", "255.255.255.0", "192.168.1.1")),
            Routes: ValueList.Of(new RouteSpec(IpFamily.Ipv4, "10.0.1.0/30", "10.0.0.1")),
            Forwarding: Forwarding.Ip,
            Execs: ValueList.Of(new ExecSpec("start", ExecType.Verbatim, "ip link set dev eth1 up"))),
        RedundancyGroups: ValueList.Of(new RedundancyGroupSpec("web", RedundancyModel.NPlusM, ValueList.Of("uml1", "csr"), 1, 1, ValueList.Of("h1"))),
        PlacementRules:
        ValueList.Of(
            new PlacementRule(PlacementRuleKind.AntiAffinity, ValueList.Of("uml1", "csr")),
            new PlacementRule(PlacementRuleKind.NetworkAt, Networks: ValueList.Of("Net1"), Host: "h2", Hard: false)
        ));
}
