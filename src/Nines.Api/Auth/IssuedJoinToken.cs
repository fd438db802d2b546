namespace Nines.Api.Auth;

/// <summary>A join token just minted: <paramref name="Token"/> is the only time the plaintext is seen.</summary>
public sealed record IssuedJoinToken(string Token, string Host, DateTimeOffset ExpiresAt);
