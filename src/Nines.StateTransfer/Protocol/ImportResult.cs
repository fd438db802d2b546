namespace Nines.StateTransfer.Protocol;

/// <summary>What an import took in, as the target saw it.</summary>
/// <param name="Status">The function's status after the import.</param>
/// <param name="ReceivedBytes">The document's length as received.</param>
/// <param name="ReceivedChecksum">The CRC-32 stored in the received document (equal to the sender's when nothing was lost).</param>
public sealed record ImportResult(FunctionStatus Status, uint ReceivedBytes, uint ReceivedChecksum);
