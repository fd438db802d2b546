using System.Globalization;
using System.Text;

namespace Nines.Drivers.Qemu.Processes;

/// <summary>
/// The unprivileged user and group one VM's QEMU runs as (<c>-runas UID:GID</c>): a uid of its own, taken from
/// <see cref="QemuDriverOptions.FirstGuestUid"/>…+<see cref="QemuDriverOptions.GuestUidCount"/>, not a named account.
/// </summary>
/// <remarks>
/// The uid is a hash of the VM's run directory (unique on the machine), moved on past any uid a live process already
/// runs as (another VM's QEMU with the same hash, anything else): two VMs never share a uid unless two launches with the
/// same hash race, and even then each stays off the host. No passwd entry is needed, so nothing is created on a fresh machine.
/// </remarks>
internal sealed record QemuGuestUser(uint Uid, uint Gid)
{
    /// <summary>The <c>-runas</c> value.</summary>
    public string RunAs => $"{Uid.ToString(CultureInfo.InvariantCulture)}:{Gid.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The first uid of the range that is not in <paramref name="taken"/>, starting at the run directory's hash.</summary>
    /// <exception cref="InvalidOperationException">Every uid of the range is taken.</exception>
    public static QemuGuestUser Pick(string runDirectory, uint first, uint count, IReadOnlySet<uint> taken)
    {
        ArgumentNullException.ThrowIfNull(taken);
        ArgumentOutOfRangeException.ThrowIfZero(count);
        var start = (uint)(Fnv1a(Encoding.UTF8.GetBytes(runDirectory)) % count);
        for (var i = 0u; i < count; i++)
        {
            var uid = first + ((start + i) % count);
            if (!taken.Contains(uid))
            {
                return new QemuGuestUser(uid, uid);
            }
        }

        throw new InvalidOperationException($"every guest uid {first}…{first + count - 1} is in use by a live process");
    }

    // FNV-1a, 64 bits: stable across runs and .NET versions (string.GetHashCode is randomised per process).
    private static ulong Fnv1a(byte[] bytes)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }

    /// <summary>The real uids of every live process (from <c>/proc/PID/status</c>).</summary>
    public static IReadOnlySet<uint> LiveUids()
    {
        var uids = new HashSet<uint>();
        foreach (var pid in ProcFs.ProcessIds())
        {
            if (ProcFs.ReadUid(pid) is { } uid)
            {
                uids.Add(uid);
            }
        }

        return uids;
    }
}
