namespace Nines.StateTransfer.Protocol;

/// <summary>How to freeze.</summary>
/// <param name="DrainToken">The steering marker's token that ends the stream on every steered port; 0: no marker, freeze at once.</param>
/// <param name="DrainTimeoutMilliseconds">How long to wait for the markers before the freeze fails (the function stays serving).</param>
public sealed record FreezeRequest(ulong DrainToken, uint DrainTimeoutMilliseconds = 5_000);
