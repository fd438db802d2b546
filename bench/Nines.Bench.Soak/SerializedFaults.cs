namespace Nines.Bench.Soak;

/// <summary>
/// What the systems share: one fault or heal at a time (the injector and the samplers' supervision both touch the
/// processes), and the controller's kill -9 and restart.
/// </summary>
internal abstract class SerializedFaults
{
    private readonly SemaphoreSlim _gate = new(1, 1);

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

    /// <summary>kill -9 of the controller, then the same <c>nines up</c> again.</summary>
    protected async Task<string> KillControllerAsync(CancellationToken cancellationToken)
    {
        await Controller!.KillAsync(cancellationToken).ConfigureAwait(false);
        await Controller.StartAsync(TimeSpan.FromMinutes(3), cancellationToken).ConfigureAwait(false);
        return $"kill -9 controller, restarted (start {Controller.Starts})";
    }
}
