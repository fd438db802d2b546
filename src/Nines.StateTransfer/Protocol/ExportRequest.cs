namespace Nines.StateTransfer.Protocol;

/// <summary>What to export.</summary>
/// <param name="SinceGeneration">0: the whole state; otherwise only what changed after this generation (see <see cref="FunctionStatus.Generation"/>).</param>
public sealed record ExportRequest(ulong SinceGeneration = 0);
