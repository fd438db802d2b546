namespace Nines.Bench.Soak;

/// <summary>Fault kinds the soak injects; the fuzzing tenant's requests count one each.</summary>
internal enum FaultKind
{
    KillController,
    KillAgent,
    KillVmProcess,
    EtcdMemberRestart,
    DiskFull,
    FuzzScenario,
    FuzzApiCall,
}

/// <summary>A running Nines the soak works against: its API, its tokens, the faults it can suffer and what it leaves behind.</summary>
internal interface ISoakSystem : IAsyncDisposable
{
    string Name { get; }

    Uri Url { get; }

    string AdminToken { get; }

    /// <summary>The CA certificate the controller's HTTPS certificate chains to (the CLI is told with NINES_CA_CERT); null for plain HTTP.</summary>
    string? CaCertificate { get; }

    /// <summary>The directory every file and process of this system lives under (orphan processes mention it).</summary>
    string WorkDirectory { get; }

    /// <summary>The faults other than the fuzzing tenant's this system supports here, with why the others are skipped.</summary>
    IReadOnlyList<FaultKind> Faults { get; }

    IReadOnlyList<string> Skipped { get; }

    /// <summary>Controller and agent logs to grep for unhandled exceptions.</summary>
    IReadOnlyList<string> LogFiles { get; }

    /// <summary>Network namespaces this system created (where Nines puts taps and bridges).</summary>
    IReadOnlyList<string> Namespaces { get; }

    /// <summary>
    /// Starts everything. As soon as each part exists its undoing is registered: the product's own teardown in
    /// <paramref name="teardown"/> (nines down, testbed down, etcd), the soak's last resort in <paramref name="sweep"/>
    /// (kill what still names the work directory, delete namespaces, unmount), which runs after the orphans are counted.
    /// </summary>
    Task StartAsync(SoakCleanup teardown, SoakCleanup sweep, CancellationToken cancellationToken);

    /// <summary>Injects one fault of <paramref name="kind"/>; returns what was done, or null when nothing could be (no target).</summary>
    Task<string?> InjectAsync(FaultKind kind, Random random, CancellationToken cancellationToken);

    /// <summary>Controller and agent processes that exited by themselves (not killed by the soak), with the end of their log.</summary>
    IReadOnlyList<string> Crashes { get; }

    /// <summary>Brings back whatever the faults (or a crash) left down (a controller or an agent that is not running) before the final checks.</summary>
    Task HealAsync(CancellationToken cancellationToken);

    /// <summary>VM id → copies running right now, each host asked itself (processes, or the agents' own view with the fake driver).</summary>
    Task<IReadOnlyDictionary<string, int>> SampleVmCopiesAsync(IReadOnlyCollection<string> vmIds, CancellationToken cancellationToken);

    /// <summary>Stops controller and agents gracefully (VMs would keep running: what the undeploy did not remove stays and is found).</summary>
    Task StopGracefullyAsync(CancellationToken cancellationToken);
}
