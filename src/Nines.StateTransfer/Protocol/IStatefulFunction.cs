using Nines.StateTransfer.Format;

namespace Nines.StateTransfer.Protocol;

/// <summary>
/// What a network function implements to be moved with its state (served over a stream by
/// <see cref="StateControlServer"/>): freeze, export, import, resume. A function starts either serving (the source)
/// or frozen and empty, waiting for an import (the target).
/// </summary>
public interface IStatefulFunction
{
    /// <summary>The state kind it exports and accepts, e.g. <c>nines.bearer-gateway</c>.</summary>
    string Kind { get; }

    /// <summary>
    /// Stop taking new work and finish what is in flight: the function returns once every packet that reached it
    /// before the steering point's marker <see cref="FreezeRequest.DrainToken"/> (on each of its steered ports) is
    /// processed, and then processes nothing until <see cref="ResumeAsync"/>.
    /// </summary>
    Task<FunctionStatus> FreezeAsync(FreezeRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// The state, explicit fields only: everything (<see cref="ExportRequest.SinceGeneration"/> 0) or what changed after
    /// a generation (a delta). Exported while serving, it is a pre-copy: consistent, but only a frozen export completes it.
    /// </summary>
    Task<StateDocument> ExportAsync(ExportRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Takes <paramref name="document"/> while frozen: a full state replaces the state, a delta is applied on top of the
    /// generation it was taken against (refused on any other). Refuses another kind or an unknown schema.
    /// </summary>
    Task<FunctionStatus> ImportAsync(StateDocument document, CancellationToken cancellationToken);

    /// <summary>Start taking work again (from the imported state on a target).</summary>
    Task<FunctionStatus> ResumeAsync(CancellationToken cancellationToken);

    /// <summary>Phase and size of the state now.</summary>
    Task<FunctionStatus> StatusAsync(CancellationToken cancellationToken);
}
