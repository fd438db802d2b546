using System.Security.Cryptography;
using System.Text;
using Nines.Contracts.Repositories;
using Nines.Store;

namespace Nines.Api.Auth;

/// <summary>
/// One-time join tokens for agents (<c>nines host join-token HOST</c>): <c>nj1.ID.SECRET</c>, 256 random bits of
/// secret. The store keeps only the secret's SHA-256 under <c>/nines/join-tokens/ID</c> with the host name and the
/// expiry; redeeming deletes the record, and only the caller whose delete removed it may join, so a token works once
/// even when two agents present it at the same moment.
/// </summary>
public sealed class JoinTokenService
{
    /// <summary>The store prefix of the join token records.</summary>
    public const string KeyPrefix = "/nines/join-tokens/";

    /// <summary>How long a join token lives when its creator says nothing.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(1);

    /// <summary>The longest lifetime that may be asked for.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(7);

    private const string Prefix = "nj1.";
    private readonly IStateStore _store;
    private readonly TimeProvider _time;

    public JoinTokenService(IStateStore store, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        _store = store;
        _time = time;
    }

    /// <summary>Mints a token for the agent of <paramref name="host"/>, valid for <paramref name="lifetime"/>; the plaintext is in the result once.</summary>
    public async Task<IssuedJoinToken> CreateAsync(string host, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        if (lifetime <= TimeSpan.Zero || lifetime > MaxLifetime)
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime), lifetime, $"a join token's lifetime must be positive and at most {MaxLifetime.TotalDays} days");
        }

        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = _time.GetUtcNow();
        var record = new JoinTokenRecord(id, host, Hash(secret), now, now + lifetime);
        await _store.PutJsonAsync(KeyPrefix + id, record, options: ControlPlaneJson.Options, cancellationToken: cancellationToken).ConfigureAwait(false);
        return new IssuedJoinToken($"{Prefix}{id}.{secret}", host, record.ExpiresAt);
    }

    /// <summary>
    /// Uses <paramref name="token"/> up: the host name it was minted for, or null with the reason when it is not a
    /// token, unknown, already used, or expired (an expired one is removed too).
    /// </summary>
    public async Task<(string? Host, string? Refusal)> RedeemAsync(string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        var parts = token.Split('.');
        if (token.Length > 128 || parts.Length != 3 || parts[0] + "." != Prefix || parts[1].Length != 16 || !parts[1].All(char.IsAsciiHexDigitLower))
        {
            return (null, "not a join token (expected nj1.ID.SECRET, as nines host join-token prints it)");
        }

        var key = KeyPrefix + parts[1];
        var record = await _store.GetJsonAsync<JoinTokenRecord>(key, ControlPlaneJson.Options, cancellationToken).ConfigureAwait(false);
        if (record is null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(parts[2])), Encoding.ASCII.GetBytes(record.SecretHash)))
        {
            return (null, "the join token is unknown or was used already (each works once)");
        }

        var removed = (await _store.DeleteAsync(key, cancellationToken).ConfigureAwait(false)).Deleted > 0;
        if (_time.GetUtcNow() >= record.ExpiresAt)
        {
            return (null, $"the join token expired at {record.ExpiresAt:u}; mint another with nines host join-token {record.Host}");
        }

        return removed ? (record.Host, null) : (null, "the join token is unknown or was used already (each works once)");
    }

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
