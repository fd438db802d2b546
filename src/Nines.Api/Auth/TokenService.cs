using System.Security.Cryptography;
using System.Text;
using Nines.ControlPlane.Model;
using Nines.ControlPlane.Repositories;
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

    /// <summary>Creates a token for <paramref name="tenant"/> with <paramref name="role"/>; the result holds the plaintext once.</summary>
    public async Task<IssuedToken> CreateAsync(ApiRole role, string tenant, string? description = null, CancellationToken cancellationToken = default)
    {
        if (!DeploymentRef.IsValidPart(tenant))
        {
            throw new ArgumentException($"tenant \"{tenant}\" is not a valid name (expected 1-63 of a-z 0-9 _ -, starting with a letter or digit)", nameof(tenant));
        }

        if (!Enum.IsDefined(role))
        {
            throw new ArgumentOutOfRangeException(nameof(role), role, "not a role (expected viewer, operator or admin)");
        }

        var token = TokenPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var record = new TokenRecord(Hash(token), role, tenant, description, _time.GetUtcNow());
        await _store.PutJsonAsync(KeyPrefix + record.Id, record, options: ControlPlaneJson.Options, cancellationToken: cancellationToken).ConfigureAwait(false);
        return new IssuedToken(token, record);
    }

    /// <summary>What <paramref name="token"/> grants, or null when it is not (or no longer) a valid token.</summary>
    public async Task<TokenRecord?> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (!token.StartsWith(TokenPrefix, StringComparison.Ordinal) || token.Length > 128)
        {
            return null;
        }

        return await _store.GetJsonAsync<TokenRecord>(KeyPrefix + Hash(token), ControlPlaneJson.Options, cancellationToken).ConfigureAwait(false);
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
