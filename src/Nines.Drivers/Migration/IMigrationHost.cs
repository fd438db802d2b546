namespace Nines.Drivers.Migration;

/// <summary>
/// What a live migration needs of each of its two hosts: a driver on this machine (<see cref="DriverMigrationHost"/>)
/// or a host agent over HTTP. The same steps as <see cref="IVmDriver"/>'s migration methods.
/// </summary>
public interface IMigrationHost
{
    /// <summary>The host's name, for messages.</summary>
    string HostName { get; }

    /// <inheritdoc cref="IVmDriver.PrepareIncomingMigrationAsync"/>
    Task<MigrationEndpoint> PrepareIncomingAsync(string vmId, MigrationEndpoint listen, CancellationToken cancellationToken);

    /// <inheritdoc cref="IVmDriver.MigrateAsync"/>
    Task<MigrationResult> MigrateAsync(string vmId, MigrationEndpoint destination, MigrationPolicy policy, IProgress<MigrationProgress>? progress, CancellationToken cancellationToken);

    /// <inheritdoc cref="IVmDriver.CompleteIncomingMigrationAsync"/>
    Task<VmStatus> CompleteIncomingAsync(string vmId, TimeSpan guestCheckTimeout, CancellationToken cancellationToken);

    /// <inheritdoc cref="IVmDriver.DestroyAsync"/>
    Task<VmStatus> DestroyAsync(string vmId, CancellationToken cancellationToken);

    /// <inheritdoc cref="IVmDriver.ResumeAsync"/>
    Task<VmStatus> ResumeAsync(string vmId, CancellationToken cancellationToken);
}
