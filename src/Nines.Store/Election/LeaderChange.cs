namespace Nines.Store.Election;

/// <summary>This contender became leader or stopped being it.</summary>
/// <param name="IsLeader">True when this contender now leads.</param>
/// <param name="Leader">The leading candidate as far as this contender knows (null when none is known).</param>
public sealed record LeaderChange(bool IsLeader, string? Leader);
