namespace Nines.Drivers.Migration;

/// <summary>A host whose driver runs in this process.</summary>
public sealed class DriverMigrationHost(string hostName, IVmDriver driver) : IMigrationHost
{
    public string HostName { get; } = hostName;

    public Task<MigrationEndpoint> PrepareIncomingAsync(string vmId, MigrationEndpoint listen, CancellationToken cancellationToken) =>
        driver.PrepareIncomingMigrationAsync(vmId, listen, cancellationToken);

    public Task<MigrationResult> MigrateAsync(string vmId, MigrationEndpoint destination, MigrationPolicy policy, IProgress<MigrationProgress>? progress, CancellationToken cancellationToken) =>
        driver.MigrateAsync(vmId, destination, policy, progress, cancellationToken);

    public Task<VmStatus> CompleteIncomingAsync(string vmId, TimeSpan guestCheckTimeout, CancellationToken cancellationToken) =>
        driver.CompleteIncomingMigrationAsync(vmId, guestCheckTimeout, cancellationToken);

    public Task<VmStatus> DestroyAsync(string vmId, CancellationToken cancellationToken) => driver.DestroyAsync(vmId, cancellationToken);

    public Task<VmStatus> ResumeAsync(string vmId, CancellationToken cancellationToken) => driver.ResumeAsync(vmId, cancellationToken);
}
