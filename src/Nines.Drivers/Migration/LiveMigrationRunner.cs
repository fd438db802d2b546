using Nines.Drivers.Errors;

namespace Nines.Drivers.Migration;

/// <summary>
/// One live migration of a VM defined on both hosts, start to end: the destination waits, the source sends, the
/// destination's guest must answer, then the source is destroyed. Whatever goes wrong, the guest ends up running on
/// exactly one host: a failed or cancelled send destroys the destination (the source kept running); a destination
/// that does not answer after the switch is destroyed and the source resumed (fail-back).
/// </summary>
public static class LiveMigrationRunner
{
    /// <summary>Runs the migration of <paramref name="vmId"/> from <paramref name="source"/> to <paramref name="destination"/>.</summary>
    /// <param name="listen">Where the destination listens (port 0: it picks one).</param>
    /// <exception cref="MigrationFailedBackException">The switch happened but the destination did not answer: the source runs again.</exception>
    /// <exception cref="VmDriverException">Preparing or sending failed; the source keeps running.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the source keeps running.</exception>
    public static async Task<MigrationResult> RunAsync(
        IMigrationHost source,
        IMigrationHost destination,
        string vmId,
        MigrationEndpoint listen,
        MigrationPolicy policy,
        IProgress<MigrationProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(policy);
        var endpoint = await destination.PrepareIncomingAsync(vmId, listen, cancellationToken).ConfigureAwait(false);
        MigrationResult result;
        try
        {
            result = await source.MigrateAsync(vmId, endpoint, policy, progress, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await destination.DestroyAsync(vmId, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        try
        {
            await destination.CompleteIncomingAsync(vmId, policy.EffectiveGuestCheckTimeout, CancellationToken.None).ConfigureAwait(false);
        }
        catch (VmDriverException e)
        {
            await destination.DestroyAsync(vmId, CancellationToken.None).ConfigureAwait(false);
            await source.ResumeAsync(vmId, CancellationToken.None).ConfigureAwait(false);
            throw new MigrationFailedBackException(vmId, source.HostName, destination.HostName, e);
        }

        await source.DestroyAsync(vmId, CancellationToken.None).ConfigureAwait(false);
        return result;
    }
}
