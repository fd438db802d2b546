namespace Nines.Bench.Soak;

/// <summary>
/// What the systems share: one fault or heal at a time (the injector and the samplers' supervision both touch the
/// processes), and the controller's kill -9 and restart.
/// </summary>
internal abstract class SerializedFaults
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<FaultKind> _faults = [FaultKind.KillController];
    private readonly List<string> _skipped = [];

    /// <summary>The faults this system can take (the controller kill always; the rest as <see cref="AddFaultsAsync"/> found).</summary>
    public IReadOnlyList<FaultKind> Faults => _faults;

    /// <summary>The faults it cannot take here, and why.</summary>
    public IReadOnlyList<string> Skipped => _skipped;

    /// <summary>The size-limited file system of the controller's data, once mounted.</summary>
    protected DiskFiller? Disk { get; private set; }

    /// <summary>The controller process, once the system started it.</summary>
    protected ControllerProcess? Controller { get; set; }

    public async Task<string?> InjectAsync(FaultKind kind, Random random, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await InjectNowAsync(kind, random, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task HealAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await HealNowAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Injects <paramref name="kind"/>; null when there was nothing to inject it into.</summary>
    protected abstract Task<string?> InjectNowAsync(FaultKind kind, Random random, CancellationToken cancellationToken);

    /// <summary>Starts again whatever died by itself.</summary>
    protected abstract Task HealNowAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Adds <paramref name="own"/>, then mounts a <paramref name="mebibytes"/> MiB file system on <paramref name="data"/>
    /// (disk-full windows when that worked) and kills of VM processes with the QEMU driver.
    /// </summary>
    protected async Task AddFaultsAsync(IEnumerable<FaultKind> own, string data, int mebibytes, string driver, SoakCleanup sweep, CancellationToken cancellationToken)
    {
        _faults.AddRange(own);
        Disk = new DiskFiller(data, mebibytes);
        await Disk.MountAsync(sweep, cancellationToken).ConfigureAwait(false);
        if (Disk.Mounted)
        {
            _faults.Add(FaultKind.DiskFull);
        }
        else
        {
            _skipped.Add(Disk.Why!);
        }

        if (driver == "qemu")
        {
            _faults.Add(FaultKind.KillVmProcess);
        }
        else
        {
            _skipped.Add("VM process kills: the fake driver's VMs have no processes (they live in the controller's or the agent's)");
        }
    }

    /// <summary>kill -9 of the controller, then the same <c>nines up</c> again.</summary>
    protected async Task<string> KillControllerAsync(CancellationToken cancellationToken)
    {
        await Controller!.KillAsync(cancellationToken).ConfigureAwait(false);
        await Controller.StartAsync(TimeSpan.FromMinutes(3), cancellationToken).ConfigureAwait(false);
        return $"kill -9 controller, restarted (start {Controller.Starts})";
    }
}
