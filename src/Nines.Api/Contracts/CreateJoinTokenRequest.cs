namespace Nines.Api.Contracts;

/// <summary>Mints a one-time join token for the agent of <paramref name="Host"/> (<c>nines host join-token HOST</c>).</summary>
/// <param name="Host">The host name the agent will register as; its certificate names it.</param>
/// <param name="Expires">How long the token works (<c>30m</c>, <c>12h</c>, <c>7d</c> at most; default 1h).</param>
public sealed record CreateJoinTokenRequest(string? Host, string? Expires = null);
