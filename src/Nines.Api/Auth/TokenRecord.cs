namespace Nines.Api.Auth;

/// <summary>
/// A bearer token as stored at <c>/nines/tokens/&lt;id&gt;</c>: never the token itself, only what it grants.
/// </summary>
/// <param name="Id">The token's SHA-256 in lower-case hex (safe to show: the token cannot be recovered from it).</param>
public sealed record TokenRecord(string Id, ApiRole Role, string Tenant, string? Description, DateTimeOffset CreatedAt);

/// <summary>A token just created: <paramref name="Token"/> is the only time the plaintext is seen.</summary>
public sealed record IssuedToken(string Token, TokenRecord Record);
