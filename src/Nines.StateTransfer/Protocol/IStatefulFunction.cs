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

/// <summary>How to freeze.</summary>
/// <param name="DrainToken">The steering marker's token that ends the stream on every steered port; 0: no marker, freeze at once.</param>
/// <param name="DrainTimeoutMilliseconds">How long to wait for the markers before the freeze fails (the function stays serving).</param>
public sealed record FreezeRequest(ulong DrainToken, uint DrainTimeoutMilliseconds = 5_000);

/// <summary>What to export.</summary>
/// <param name="SinceGeneration">0: the whole state; otherwise only what changed after this generation (see <see cref="FunctionStatus.Generation"/>).</param>
public sealed record ExportRequest(ulong SinceGeneration = 0);

/// <summary>Whether a function is taking work.</summary>
public enum FunctionPhase : byte
{
    /// <summary>Taking and processing work.</summary>
    Serving = 1,

    /// <summary>Processing nothing; its state can be exported or replaced.</summary>
    Frozen = 2,
}

/// <summary>A function's phase and state size.</summary>
/// <param name="Kind">Its state kind.</param>
/// <param name="Phase">Serving or frozen.</param>
/// <param name="Records">Entries in its state (bearers, flows…).</param>
/// <param name="Detail">Free text for people (counters, what it waits for).</param>
/// <param name="Generation">The function's change counter: grows with every change of its state; a delta export names its base by it.</param>
public sealed record FunctionStatus(string Kind, FunctionPhase Phase, ulong Records, string Detail, ulong Generation = 0);

/// <summary>What an import took in, as the target saw it.</summary>
/// <param name="Status">The function's status after the import.</param>
/// <param name="ReceivedBytes">The document's length as received.</param>
/// <param name="ReceivedChecksum">The CRC-32 stored in the received document (equal to the sender's when nothing was lost).</param>
public sealed record ImportResult(FunctionStatus Status, uint ReceivedBytes, uint ReceivedChecksum);
