using Nines.Domain;

namespace Nines.Networking.Applying;

/// <summary>What one apply or removal changed on the host: the mutating commands it ran, in order. Empty means the host already matched.</summary>
public sealed record NetworkApplyResult(ValueList<string> Changes)
{
    public bool Changed => Changes.Count > 0;
}
