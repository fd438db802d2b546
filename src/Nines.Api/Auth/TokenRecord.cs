namespace Nines.Api.Auth;

/// <summary>
/// A bearer token as stored at <c>/nines/tokens/&lt;id&gt;</c>: never the token itself, only what it grants.
/// </summary>
/// <param name="Id">The token's SHA-256 in lower-case hex (safe to show: the token cannot be recovered from it).</param>
/// <param name="Name">A short name to tell tokens apart in <c>nines token list</c>.</param>
/// <param name="ExpiresAt">When it stops working (401, title <c>token expired</c>); null: never (admin tokens by default).</param>
public sealed record TokenRecord(string Id, ApiRole Role, string Tenant, string? Description, DateTimeOffset CreatedAt, string? Name = null, DateTimeOffset? ExpiresAt = null)
{
    /// <summary>True when the token no longer works at <paramref name="now"/>.</summary>
    public bool IsExpiredAt(DateTimeOffset now) => ExpiresAt is { } expires && now >= expires;
}
