namespace Nines.Api.Auth;

/// <summary>A join token as stored: the host it admits, the SHA-256 of its secret, and when it stops working.</summary>
public sealed record JoinTokenRecord(string Id, string Host, string SecretHash, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);
