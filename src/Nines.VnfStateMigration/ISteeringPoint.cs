using System.Net;

namespace Nines.VnfStateMigration;

/// <summary>
/// Where Nines decides which instance a network function's traffic reaches. Holding delays traffic (never drops it):
/// what arrives while held is kept in order and delivered on <see cref="SwitchAsync"/> or <see cref="ReleaseAsync"/>.
/// </summary>
public interface ISteeringPoint
{
    /// <summary>The instance address traffic goes to now.</summary>
    IPAddress Target { get; }

    /// <summary>Starts holding: sends the steering marker <paramref name="token"/> down every port to the current target, then keeps what arrives.</summary>
    Task HoldAsync(ulong token, CancellationToken cancellationToken);

    /// <summary>Delivers what was held, in order, to <paramref name="target"/>, and sends everything after it there too.</summary>
    Task<SteeringSwitch> SwitchAsync(IPAddress target, CancellationToken cancellationToken);

    /// <summary>Gives up a hold: what was held goes to the current target (a failed migration).</summary>
    Task<SteeringSwitch> ReleaseAsync(CancellationToken cancellationToken);
}
