using System.Collections.Concurrent;
using Nines.Drivers.Errors;
using Nines.Drivers.Migration;

namespace Nines.Drivers.Fake;

/// <summary>
/// Live migration between fake drivers of one process: a destination "listens" on a port of a process-wide table,
/// the source finds it there, reports a few progress samples and hands over its state. A hung guest arrives hung, so
/// its destination fails the guest check (fail-back tests).
/// </summary>
public sealed partial class FakeDriver
{
    private static readonly ConcurrentDictionary<int, (FakeDriver Driver, string VmId)> _listening = new();
    private static int _lastPort = 40000;

    public Task<MigrationEndpoint> PrepareIncomingMigrationAsync(string vmId, MigrationEndpoint listen, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(listen);
        cancellationToken.ThrowIfCancellationRequested();
        _core.Require(DriverCapabilities.LiveMigration, vmId);
        lock (_host.Gate)
        {
            var vm = Find_NeedsLock(vmId);
            vm.CheckAllowed_NeedsLock(VmOperation.PrepareIncoming);
            var endpoint = listen with { Port = listen.Port != 0 ? listen.Port : Interlocked.Increment(ref _lastPort) };
            _listening[endpoint.Port] = (this, vmId);
            vm.WaitIncoming(endpoint.ToString());
            return Task.FromResult(endpoint);
        }
    }

    public async Task<MigrationResult> MigrateAsync(string vmId, MigrationEndpoint destination, MigrationPolicy policy, IProgress<MigrationProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(policy);
        _core.Require(DriverCapabilities.LiveMigration, vmId);
        if (policy.Validate() is { Count: > 0 } errors)
        {
            throw new ArgumentException($"migration policy: {string.Join("; ", errors)}", nameof(policy));
        }

        long total;
        lock (_host.Gate)
        {
            var vm = Find_NeedsLock(vmId);
            vm.CheckAllowed_NeedsLock(VmOperation.Migrate);
            total = vm.Definition.MemoryMiB << 20;
        }

        if (!_listening.TryGetValue(destination.Port, out var target) || target.VmId != vmId)
        {
            throw new DriverFailureException(vmId, $"vm \"{vmId}\": migration to {destination} failed: connection refused; it keeps running here");
        }

        var started = Time.GetTimestamp();
        for (var step = 1; step <= 3; step++)
        {
            await Task.Delay(_options.MigrationStepTime, Time, cancellationToken).ConfigureAwait(false);
            var sent = total * step / 3;
            progress?.Report(new MigrationProgress("active", Time.GetElapsedTime(started), sent, total - sent, total, 0, total, TimeSpan.FromTicks(_options.MigrationStepTime.Ticks * (3 - step)), policy.DowntimeLimitAt(Time.GetElapsedTime(started)), 0, step));
        }

        FakeSavedState saved;
        lock (_host.Gate)
        {
            var vm = Find_NeedsLock(vmId);
            saved = vm.Snapshot();
            vm.MigratedAway(destination.ToString());
        }

        target.Driver.Receive(vmId, destination.Port, saved);
        var elapsed = Time.GetElapsedTime(started);
        var final = new MigrationProgress("completed", elapsed, total, 0, total, 0, total, TimeSpan.Zero, policy.DowntimeLimitAt(elapsed), 0, 3, 1);
        progress?.Report(final);
        return new MigrationResult(elapsed, 1, total, final);
    }

    public Task<VmStatus> CompleteIncomingMigrationAsync(string vmId, TimeSpan guestCheckTimeout, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _core.Require(DriverCapabilities.LiveMigration, vmId);
        lock (_host.Gate)
        {
            var vm = Find_NeedsLock(vmId);
            vm.CheckAllowed_NeedsLock(VmOperation.CompleteIncoming);
            if (vm.Arrived is not { } arrived)
            {
                throw new DriverFailureException(vmId, $"vm \"{vmId}\": the incoming migration has not arrived");
            }

            if (arrived.Hung || (vm.Definition.GuestAgent && !arrived.GuestReady))
            {
                throw new DriverFailureException(vmId, $"vm \"{vmId}\": after the migration its guest agent did not answer within {guestCheckTimeout.TotalSeconds:0.#} s; fail back to the source");
            }

            vm.RunArrived();
            return Task.FromResult(StatusOf_NeedsLock(vm));
        }
    }

    private void Receive(string vmId, int port, FakeSavedState saved)
    {
        _listening.TryRemove(port, out _);
        lock (_host.Gate)
        {
            Find_NeedsLock(vmId).Arrive(saved);
        }
    }
}
