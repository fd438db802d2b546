using System.Buffers.Binary;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nines.StateTransfer.Format;
using Nines.StateTransfer.Protocol;

namespace Nines.VnfStateMigration;

/// <summary>
/// Moves a network function with its state to another host: start the target (frozen, empty) → hold traffic at the
/// steering point (marker down every port) → freeze the source (it finishes everything before the marker) → export →
/// import into the target (record count and checksum must match) → resume the target → switch the steering point
/// (held packets flushed in order) → retire the source. Each step is an event with its timing. A failure before the
/// switch rolls back: traffic is released to the source, the source resumed, the target stopped.
/// </summary>
public sealed partial class StateMigrationOrchestrator(TimeProvider time)
{
    private readonly ILogger _logger = NullLogger.Instance;

    /// <summary>Where each step (and a rollback, with its cause) is logged with the function's source and target hosts; none by default.</summary>
    public ILogger Logger
    {
        get => _logger;
        init => _logger = value ?? NullLogger.Instance;
    }

    /// <summary>How long the source may take to see the markers.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a retired instance gets to stop after SIGTERM.</summary>
    public TimeSpan RetireGrace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Called with each event as it happens (e.g. the event log, the CLI).</summary>
    public Action<StateMigrationEvent>? Observer { get; init; }

    public async Task<StateMigrationReport> MigrateAsync(
        IFunctionInstance source, FunctionHost target, IFunctionInstanceLauncher launcher, ISteeringPoint steering, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(launcher);
        ArgumentNullException.ThrowIfNull(steering);
        var sourceHost = source.Host.Name;
        var run = new Run(time, item =>
        {
            LogStep(sourceHost, target.Name, item.Step, item.At.TotalMilliseconds, item.Detail);
            Observer?.Invoke(item);
        });
        StateMigrationStep step = StateMigrationStep.TargetStarted;
        IFunctionInstance? started = null;
        StateControlClient? sourceControl = null;
        StateControlClient? targetControl = null;
        var held = false;
        var frozen = false;
        try
        {
            started = await launcher.LaunchAsync(target, frozen: true, cancellationToken).ConfigureAwait(false);
            targetControl = await FunctionControl.ConnectAsync(started, cancellationToken).ConfigureAwait(false);
            sourceControl = await FunctionControl.ConnectAsync(source, cancellationToken).ConfigureAwait(false);
            var targetStatus = await targetControl.StatusAsync(cancellationToken).ConfigureAwait(false);
            run.Record(step, $"on {target.Name} ({target.DataAddress}), {targetStatus.Phase}, {targetStatus.Kind}: {targetStatus.Detail}");

            // Pre-copy while the source serves: the bulk of the state moves outside the hold; only what changes meanwhile is left.
            step = StateMigrationStep.StatePreCopied;
            var copy = await sourceControl.ExportAsync(0, cancellationToken).ConfigureAwait(false);
            var precopied = await targetControl.ImportAsync(copy, cancellationToken).ConfigureAwait(false);
            var baseGeneration = precopied.Status.Generation;
            run.Record(step, $"{copy.Length} bytes, {precopied.Status.Records} records at generation {baseGeneration}");

            step = StateMigrationStep.TrafficHeld;
            var token = BinaryPrimitives.ReadUInt64BigEndian(RandomNumberGenerator.GetBytes(8)) | 1;
            await steering.HoldAsync(token, cancellationToken).ConfigureAwait(false);
            held = true;
            run.Record(step, $"marker {token:X16} sent to {steering.Target}");

            step = StateMigrationStep.SourceFrozen;
            var frozenStatus = await sourceControl.FreezeAsync(new FreezeRequest(token, (uint)DrainTimeout.TotalMilliseconds), cancellationToken).ConfigureAwait(false);
            frozen = true;
            run.Record(step, frozenStatus.Detail);

            step = StateMigrationStep.StateExported;
            var state = await sourceControl.ExportAsync(baseGeneration, cancellationToken).ConfigureAwait(false);
            // Forwarded as it is: the target decodes it (and refuses a bad one); decoding here too would lengthen the hold.
            var checksum = state.Length >= StateCodec.MinimumLength ? BinaryPrimitives.ReadUInt32BigEndian(state.AsSpan(state.Length - 4)) : 0;
            run.Record(step, $"delta since generation {baseGeneration}: {state.Length} bytes, crc 0x{checksum:X8}; the source holds {frozenStatus.Records} records at generation {frozenStatus.Generation}");

            step = StateMigrationStep.StateImported;
            var imported = await targetControl.ImportAsync(state, cancellationToken).ConfigureAwait(false);
            if (imported.ReceivedChecksum != checksum || imported.ReceivedBytes != state.Length || imported.Status.Records != frozenStatus.Records
                || imported.Status.Generation != frozenStatus.Generation)
            {
                throw new StateControlException($"the target holds {imported.Status.Records} records of {frozenStatus.Records} at generation {imported.Status.Generation} of {frozenStatus.Generation} " +
                    $"(received {imported.ReceivedBytes} of {state.Length} bytes, crc 0x{imported.ReceivedChecksum:X8} vs 0x{checksum:X8})");
            }

            run.Record(step, imported.Status.Detail);

            step = StateMigrationStep.TargetResumed;
            await targetControl.ResumeAsync(cancellationToken).ConfigureAwait(false);
            run.Record(step, "serving");

            step = StateMigrationStep.TrafficSwitched;
            var switched = await steering.SwitchAsync(target.DataAddress, cancellationToken).ConfigureAwait(false);
            held = false;
            run.Record(step, $"to {target.DataAddress}: {switched.Flushed} held packets flushed, {switched.Dropped} dropped, held {switched.HeldFor.TotalMilliseconds:0.0} ms");

            step = StateMigrationStep.SourceRetired;
            await sourceControl.DisposeAsync().ConfigureAwait(false);
            sourceControl = null;
            await source.RetireAsync(RetireGrace, cancellationToken).ConfigureAwait(false);
            run.Record(step, $"{source.Host.Name} stopped");
            return new StateMigrationReport(true, run.Events, started, frozenStatus.Records, imported.Status.Records, copy.Length + state.Length, switched.HeldFor, switched.Flushed, switched.Dropped, null);
        }
        catch (Exception e) when (e is StateControlException or StateFormatException or IOException or TimeoutException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            var failure = $"{step}: {e.Message}";
            var detail = new List<string> { failure };
            SteeringSwitch? released = null;
            if (held)
            {
                released = await steering.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
                detail.Add($"traffic released to {steering.Target} ({released.Flushed} held packets)");
            }

            if (frozen && sourceControl is not null)
            {
                await sourceControl.ResumeAsync(CancellationToken.None).ConfigureAwait(false);
                detail.Add("source resumed");
            }

            if (started is not null)
            {
                await started.RetireAsync(RetireGrace, CancellationToken.None).ConfigureAwait(false);
                await started.DisposeAsync().ConfigureAwait(false);
                detail.Add("target stopped");
            }

            LogRolledBack(e, sourceHost, target.Name, failure);
            run.Record(StateMigrationStep.RolledBack, string.Join("; ", detail));
            return new StateMigrationReport(false, run.Events, source, 0, 0, 0, released?.HeldFor ?? TimeSpan.Zero, released?.Flushed ?? 0, released?.Dropped ?? 0, failure);
        }
        finally
        {
            if (sourceControl is not null)
            {
                await sourceControl.DisposeAsync().ConfigureAwait(false);
            }

            if (targetControl is not null)
            {
                await targetControl.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>The events of one migration, timed from its start.</summary>
    private sealed class Run(TimeProvider time, Action<StateMigrationEvent>? observer)
    {
        private readonly long _start = time.GetTimestamp();
        private TimeSpan _last;

        public List<StateMigrationEvent> Events { get; } = [];

        public void Record(StateMigrationStep step, string detail)
        {
            var at = time.GetElapsedTime(_start);
            var item = new StateMigrationEvent(step, at, at - _last, detail);
            _last = at;
            Events.Add(item);
            observer?.Invoke(item);
        }
    }
}
