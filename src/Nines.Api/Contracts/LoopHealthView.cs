namespace Nines.Api.Contracts;

/// <summary>
/// One supervised loop: its name, state (<c>running</c>, <c>restarting</c>, <c>stopped</c>, <c>failed</c>), restarts so far,
/// the kind of its last failure (the exception type, or <c>exited</c>; never a message, which could name a tenant's
/// deployment) and when, and since when it is in its state.
/// </summary>
public sealed record LoopHealthView(string Name, string State, int Restarts, string? LastError, DateTimeOffset? LastErrorAt, DateTimeOffset Since);
