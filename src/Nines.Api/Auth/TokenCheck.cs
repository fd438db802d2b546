namespace Nines.Api.Auth;

/// <summary>What a presented token is: its record when it is valid, or why not (unknown, or <see cref="Expired"/>).</summary>
public sealed record TokenCheck(TokenRecord? Record, bool Expired)
{
    /// <summary>The record when the token may be used now.</summary>
    public TokenRecord? Valid => Expired ? null : Record;
}
