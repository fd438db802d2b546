using Nines.Api.Auth;

namespace Nines.Api.Contracts;

/// <summary>Creates a bearer token (admin only).</summary>
/// <param name="Name">A short name shown by <c>nines token list</c> (1-63 of letters, digits, <c>. _ -</c> and spaces).</param>
/// <param name="Expires">
/// How long it works: a number and a unit, <c>m</c> minutes, <c>h</c> hours, <c>d</c> days, <c>w</c> weeks (<c>30d</c>), at
/// most 3650 days, or <c>never</c>. Default: 90 days for viewer and operator tokens, never for admin tokens.
/// </param>
public sealed record CreateTokenRequest(ApiRole? Role, string? Tenant, string? Description = null, string? Name = null, string? Expires = null);
