#!/usr/bin/env bash
# Makes sure the machine has what a Nines job needs. As root it installs missing Debian packages with
# apt-get; otherwise it prints exactly what to install and fails.
#   eng/require.sh test   — what the test suite needs
#   eng/require.sh run    — what running Nines needs
set -euo pipefail
job="${1:-test}"

# Debian packages per job. Each later subsystem (QEMU, Open vSwitch, etcd, browser tests) adds its own.
# qemu-system-x86: the hypervisor; xz-utils: unpacks the Debian kernel for the guest image;
# openvswitch-switch: the virtual networks; iproute2: namespaces, taps, addresses and routes;
# ethtool: an OS-level instance's veth computes its own checksums (OVS's userspace datapath forwards
# packets as they are, so a TCP segment left to checksum offload arrives with a bad checksum).
# iputils-ping: the README's `nines hostside tutorial -- ping -c1 10.0.0.1` reaches the VMs from the host side, and the
# network tests ping between namespaces.
packages_run=(qemu-system-x86 qemu-utils xz-utils openvswitch-switch iproute2 util-linux ethtool iputils-ping)
# etcd-server: the cluster state store (issue 6) and its tests, which start their own members on free
# loopback ports (the package's own etcd.service on port 2379 is not used by them).
packages_run+=(etcd-server)
# crun: the OCI runtime that starts OS-level instances sandboxed (user namespace, pivot_root, seccomp, capabilities).
packages_run+=(crun)
packages_test=("${packages_run[@]}")

case "$job" in
  run) wanted=("${packages_run[@]}") ;;
  test) wanted=("${packages_test[@]}") ;;
  *) echo "require.sh: unknown job '$job' (expected run or test)" >&2; exit 2 ;;
esac

if ! command -v dotnet >/dev/null 2>&1; then
  echo "Nines needs the .NET 10 SDK (https://dot.net): dotnet was not found on PATH." >&2
  exit 2
fi

missing=()
for p in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

# The guest image is assembled from `apt-get download`s, which need the package lists even when every
# package above is already installed.
lists_missing=0
ls /var/lib/apt/lists/*_Packages >/dev/null 2>&1 || lists_missing=1

if [ ${#missing[@]} -gt 0 ] || [ "$lists_missing" = 1 ]; then
  if [ "$(id -u)" = "0" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    if [ ${#missing[@]} -gt 0 ]; then
      echo "== installing Debian packages: ${missing[*]}"
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
    fi
  else
    echo "Missing Debian packages for '$job': ${missing[*]:-(none; the package lists are empty)}" >&2
    echo "Install them with:  sudo apt-get update && sudo apt-get install -y ${missing[*]:-}" >&2
    exit 2
  fi
fi
