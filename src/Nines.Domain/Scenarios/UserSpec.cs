namespace Nines.Domain.Scenarios;

/// <summary>A user account created in the guest, with its groups and authorised SSH keys.</summary>
public sealed record UserSpec(
    string Username,
    string? Group = null,
    ValueList<string> Groups = default,
    ValueList<string> SshKeys = default);
