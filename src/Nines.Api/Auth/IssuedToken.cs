namespace Nines.Api.Auth;

/// <summary>A token just created: <paramref name="Token"/> is the only time the plaintext is seen.</summary>
public sealed record IssuedToken(string Token, TokenRecord Record);
