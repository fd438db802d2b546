namespace Nines.Agent.Convergence;

/// <summary>
/// Self-fencing: a host that lost (or could not renew) its registration destroys every VM it runs, through its
/// driver, and refuses to start any until it is registered again — by then the controller may be restarting those VMs
/// on other hosts, and the same VM must never run twice.
/// </summary>
public sealed partial class LocalHostAgent
{
    private string? _fencedBecause;

    /// <summary>True between <see cref="FenceAsync"/> and <see cref="Unfence"/>.</summary>
    public bool IsFenced => Volatile.Read(ref _fencedBecause) is not null;

    /// <summary>
    /// Destroys and removes every VM on the host (those this agent placed and any the driver re-attaches) and refuses
    /// convergence until <see cref="Unfence"/>. Returns the ids destroyed. Networks stay (they run nothing).
    /// </summary>
    public async Task<IReadOnlyList<string>> FenceAsync(string reason, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        Volatile.Write(ref _fencedBecause, reason);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await EnsureAttachedAsync(cancellationToken).ConfigureAwait(false);
            var destroyed = _vms.Order(StringComparer.Ordinal).ToList();
            foreach (var vmId in destroyed)
            {
                await DestroyAndRemoveAsync(vmId, cancellationToken).ConfigureAwait(false);
            }

            _configured.Clear();
            return destroyed;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Lets the host converge again (it is registered again).</summary>
    public void Unfence() => Volatile.Write(ref _fencedBecause, null);

    private void ThrowIfFenced_NeedsLock()
    {
        if (Volatile.Read(ref _fencedBecause) is { } reason)
        {
            throw new HostFencedException($"host {HostName} is fenced ({reason}): it starts no VM until it is registered again");
        }
    }
}
