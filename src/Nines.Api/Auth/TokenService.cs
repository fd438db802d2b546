using System.Security.Cryptography;
using System.Text;
using Nines.Contracts.Model;
using Nines.Contracts.Repositories;
using Nines.Store;

namespace Nines.Api.Auth;

/// <summary>
/// Issues, checks and revokes bearer tokens. A token is 256 random bits (<c>nines_</c> + base64url); the store keeps
/// only its SHA-256 (<c>/nines/tokens/&lt;sha256 hex&gt;</c> → role and tenant), so a copy of the store grants nothing.
/// A plain hash suffices (no salt, no slow KDF) because the token has full entropy, unlike a password.
/// </summary>
public sealed class TokenService
{
    /// <summary>The store prefix of the token records.</summary>
    public const string KeyPrefix = "/nines/tokens/";

    private const string TokenPrefix = "nines_";
    private readonly IStateStore _store;
    private readonly TimeProvider _time;

    public TokenService(IStateStore store, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        _store = store;
        _time = time;
    }

    /// <summary>
    /// How long a viewer's or operator's token lives when its creator says nothing (<c>nines token create</c> without
    /// <c>--expires</c>); admin tokens never expire unless asked to.
    /// </summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(90);

    /// <summary>The longest lifetime that may be asked for (ten years): longer is "never", which must be said so.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(3650);

    /// <summary>Creates a token for <paramref name="tenant"/> with <paramref name="role"/> that never expires; the result holds the plaintext once.</summary>
    public Task<IssuedToken> CreateAsync(ApiRole role, string tenant, string? description = null, CancellationToken cancellationToken = default) =>
        CreateAsync(role, tenant, description, null, null, cancellationToken);

    /// <summary>
    /// Creates a token named <paramref name="name"/> that expires <paramref name="lifetime"/> from now (null: never);
    /// the result holds the plaintext once.
    /// </summary>
    public async Task<IssuedToken> CreateAsync(ApiRole role, string tenant, string? description, string? name, TimeSpan? lifetime, CancellationToken cancellationToken = default)
    {
        if (lifetime is { } span && (span <= TimeSpan.Zero || span > MaxLifetime))
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime), lifetime, $"a token's lifetime must be positive and at most {MaxLifetime.TotalDays} days");
        }

        if (!DeploymentRef.IsValidPart(tenant))
        {
            throw new ArgumentException($"tenant \"{tenant}\" is not a valid name (expected 1-63 of a-z 0-9 _ -, starting with a letter or digit)", nameof(tenant));
        }

        if (!Enum.IsDefined(role))
        {
            throw new ArgumentOutOfRangeException(nameof(role), role, "not a role (expected viewer, operator or admin)");
        }

        var token = TokenPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = _time.GetUtcNow();
        var record = new TokenRecord(Hash(token), role, tenant, description, now, name, lifetime is { } l ? now + l : null);
        await _store.PutJsonAsync(KeyPrefix + record.Id, record, options: ControlPlaneJson.Options, cancellationToken: cancellationToken).ConfigureAwait(false);
        return new IssuedToken(token, record);
    }

    /// <summary>What <paramref name="token"/> grants, or null when it is not (or no longer: revoked, expired) a valid token.</summary>
    public async Task<TokenRecord?> ValidateAsync(string token, CancellationToken cancellationToken) =>
        (await CheckAsync(token, cancellationToken).ConfigureAwait(false)).Valid;

    /// <summary>The record of <paramref name="token"/> and whether it has expired (record null: no such token).</summary>
    public async Task<TokenCheck> CheckAsync(string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (!token.StartsWith(TokenPrefix, StringComparison.Ordinal) || token.Length > 128)
        {
            return new TokenCheck(null, false);
        }

        var record = await _store.GetJsonAsync<TokenRecord>(KeyPrefix + Hash(token), ControlPlaneJson.Options, cancellationToken).ConfigureAwait(false);
        return new TokenCheck(record, record?.IsExpiredAt(_time.GetUtcNow()) ?? false);
    }

    /// <summary>Every token record, in id order.</summary>
    public async Task<IReadOnlyList<TokenRecord>> ListAsync(CancellationToken cancellationToken)
    {
        var range = await _store.RangeAsync(KeyPrefix, cancellationToken: cancellationToken).ConfigureAwait(false);
        return [.. range.Entries.Select(e => e.ValueAsJson<TokenRecord>(ControlPlaneJson.Options)!)];
    }

    /// <summary>Revokes the token with <paramref name="id"/>; false when there is none.</summary>
    public async Task<bool> RevokeAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (id.Length != 64 || !id.All(char.IsAsciiHexDigitLower))
        {
            return false;
        }

        return (await _store.DeleteAsync(KeyPrefix + id, cancellationToken).ConfigureAwait(false)).Deleted > 0;
    }

    /// <summary>The token's id: SHA-256 of its UTF-8 bytes, lower-case hex.</summary>
    public static string Hash(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
