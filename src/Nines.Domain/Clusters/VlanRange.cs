namespace Nines.Domain.Clusters;

/// <summary>An inclusive range of VLAN ids (802.1q allows 1–4094).</summary>
public sealed record VlanRange(int First, int Last)
{
    public const int MinId = 1;
    public const int MaxId = 4094;

    public int Count => Last - First + 1;

    public override string ToString() => $"{First}-{Last}";
}
