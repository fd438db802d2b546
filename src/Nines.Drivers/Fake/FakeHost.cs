using Nines.Drivers.Validation;

namespace Nines.Drivers.Fake;

/// <summary>
/// The pretend machine under one or more <see cref="FakeDriver"/>s: it holds the VMs' "processes" and guest
/// behaviour, which outlive a driver instance, so a second driver on the same host (a restarted manager) can
/// re-attach to them exactly as the QEMU driver does to QEMU processes.
/// </summary>
public sealed class FakeHost
{
    private int _lastProcessId = 4000;

    public FakeHost(TimeProvider time, HostFacts? facts = null)
    {
        Time = time;
        Facts = facts ?? DefaultFacts();
    }

    public TimeProvider Time { get; }

    /// <summary>
    /// The host as validation sees it. <see cref="HostFacts.FreeMemoryMiB"/> is the memory before any fake VM runs:
    /// the driver subtracts what running VMs use.
    /// </summary>
    public HostFacts Facts { get; set; }

    /// <summary>How many VM processes are alive: what "no duplicate, no orphan" is checked against.</summary>
    public int LiveProcessCount
    {
        get
        {
            lock (Gate)
            {
                return Vms.Values.Count(vm => vm.ProcessId is not null);
            }
        }
    }

    /// <summary>
    /// Raised under the host's lock when a VM's process starts (true) or ends (false): what tests record to prove a VM
    /// never ran on two hosts at once.
    /// </summary>
    public event Action<string, bool>? ProcessChanged;

    internal Lock Gate { get; } = new();

    internal Dictionary<string, FakeVm> Vms { get; } = new(StringComparer.Ordinal);

    /// <summary>Suspend images by path: what <c>migrate</c> to a file would have written.</summary>
    internal Dictionary<string, FakeSavedState> SavedStates { get; } = new(StringComparer.Ordinal);

    /// <summary>Raised under <see cref="Gate"/> for everything the VMs do.</summary>
    internal event Action<VmEvent>? EventRaised;

    /// <summary>4 CPUs, 8 GiB free, every absolute path exists, is readable and lies under <c>/</c>.</summary>
    public static HostFacts DefaultFacts() => new()
    {
        FreeMemoryMiB = 8192,
        Cpus = 4,
        AllowedRoots = ["/"],
        ResolvePath = path => Path.IsPathFullyQualified(path) ? Path.GetFullPath(path) : null,
        IsReadableFile = _ => true,
    };

    internal int NextProcessId() => ++_lastProcessId;

    /// <summary>Kills every VM process on the machine (it lost power); returns how many there were.</summary>
    public int KillAll(int signal = 9)
    {
        lock (Gate)
        {
            var live = Vms.Values.Where(vm => vm.ProcessId is not null).ToList();
            foreach (var vm in live)
            {
                vm.Kill(signal);
            }

            return live.Count;
        }
    }

    internal void RaiseProcessChanged(string vmId, bool running) => ProcessChanged?.Invoke(vmId, running);

    internal void Publish(VmEvent vmEvent) => EventRaised?.Invoke(vmEvent);
}
