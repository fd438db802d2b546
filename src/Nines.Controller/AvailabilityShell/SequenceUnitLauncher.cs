using Nines.Drivers.Sequences;

namespace Nines.Controller.AvailabilityShell;

/// <summary>
/// The default launcher: runs the scenario's command sequence <see cref="Sequence"/> (<c>start</c>) on the unit's VM,
/// the VNUML convention for what a VM runs once it is up. A scenario without the sequence launches nothing (the
/// service is expected to start with the VM).
/// </summary>
public sealed class SequenceUnitLauncher : IUnitLauncher
{
    /// <summary>The sequence's name.</summary>
    public string Sequence { get; init; } = "start";

    /// <inheritdoc/>
    public async Task LaunchAsync(UnitLaunch unit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unit);
        try
        {
            var result = await unit.Agent.RunSequenceAsync(unit.Deployment.Id, unit.ScenarioYaml, [unit.Unit], Sequence, null, cancellationToken).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException(
                    $"sequence {Sequence} failed on {unit.Unit}: {string.Join("; ", result.Failures.Select(f => f.ToString()))}");
            }
        }
        catch (UnknownSequenceException)
        {
            // Nothing to launch: the VM itself is the service.
        }
    }
}
